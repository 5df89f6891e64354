package io.apisec.tokenserver.admin;

import io.apisec.tokenserver.events.SecurityEventType;
import io.apisec.tokenserver.events.SecurityEvents;
import io.apisec.tokenserver.keys.KeyDecryptionException;
import io.apisec.tokenserver.keys.KeyManager;
import io.apisec.tokenserver.keys.KeyStatus;
import io.apisec.tokenserver.keys.StoredKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;
import java.util.Map;

/**
 * {@code /admin/keys}: the published signing keys and their states; a manual rotation (a next key is
 * published now and signs after the prepublish period); an emergency revocation (the key leaves the JWKS
 * and never signs again; if it was signing, a new key signs at once).
 */
final class KeysResource {

    private final KeyManager keys;
    private final SecurityEvents events;

    KeysResource(KeyManager keys, SecurityEvents events) {
        this.keys = keys;
        this.events = events;
    }

    void mount(Router router) {
        router.get("/admin/keys").handler(ctx -> AdminCall.run(ctx, this::list));
        router.post("/admin/keys/rotate").handler(ctx -> AdminCall.run(ctx, this::rotate));
        router.post("/admin/keys/:kid/revoke").handler(ctx -> AdminCall.run(ctx, this::revoke));
    }

    private AdminCall.Answer list(RoutingContext context) {
        JsonArray list = new JsonArray();
        keys.status().forEach(key -> list.add(json(key)));
        return AdminCall.Answer.ok(new JsonObject().put("keys", list));
    }

    private AdminCall.Answer rotate(RoutingContext context) throws AdminException {
        StoredKey next;
        try {
            next = keys.rotate();
        } catch (KeyDecryptionException e) {
            throw new IllegalStateException("the stored keys do not decrypt under the master key", e);
        }
        events.record(SecurityEventType.ADMIN_CHANGED, Map.of("actor", AdminCall.actor(context),
                "action", "keys.rotate", "kid", next.kid()));
        return AdminCall.Answer.ok(new JsonObject().put("kid", next.kid()).put("alg", next.algorithm().value())
                .put("state", "next").put("activates_at", next.activatesAt().toString()));
    }

    private AdminCall.Answer revoke(RoutingContext context) throws AdminException {
        String kid = context.pathParam("kid");
        boolean revoked;
        try {
            revoked = keys.revoke(kid);
        } catch (KeyDecryptionException e) {
            throw new IllegalStateException("the stored keys do not decrypt under the master key", e);
        }
        if (!revoked) {
            throw AdminException.notFound("No published key has that kid; GET /admin/keys lists them");
        }
        events.record(SecurityEventType.KEY_REVOKED, Map.of("actor", AdminCall.actor(context), "kid", kid));
        return AdminCall.Answer.ok(new JsonObject().put("kid", kid).put("state", "revoked"));
    }

    private static JsonObject json(KeyStatus key) {
        return new JsonObject().put("kid", key.kid()).put("alg", key.algorithm().value())
                .put("state", key.state().name().toLowerCase(Locale.ROOT))
                .put("created_at", key.createdAt().toString()).put("activates_at", key.activatesAt().toString());
    }
}
