package io.apisec.tokenserver.admin;

import io.apisec.tokenserver.claims.ClaimsDirectory;
import io.apisec.tokenserver.claims.JdbcClaimRuleStore;
import io.apisec.tokenserver.config.ClaimConfig;
import io.apisec.tokenserver.config.ClaimRegistrations;
import io.apisec.tokenserver.events.SecurityEventType;
import io.apisec.tokenserver.events.SecurityEvents;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /admin/claims}: the central claims policy (practice 13). Rules use the keys of a configuration-file
 * {@code claims} entry; the file's rules are read-only here. A rule that would put a sensitive claim in a
 * readable token leaving the network is refused, as it is at load.
 */
final class ClaimsResource {

    private final Registrations registrations;
    private final JdbcClaimRuleStore store;
    private final ClaimsDirectory policy;
    private final SecurityEvents events;
    private final Clock clock;
    private final Set<String> configuredNames;

    ClaimsResource(Registrations registrations, JdbcClaimRuleStore store, ClaimsDirectory policy,
                   SecurityEvents events, Clock clock) {
        this.registrations = registrations;
        this.store = store;
        this.policy = policy;
        this.events = events;
        this.clock = clock;
        this.configuredNames = registrations.configuredClaims().stream().map(ClaimConfig::name).collect(Collectors.toSet());
    }

    void mount(Router router) {
        router.get("/admin/claims").handler(ctx -> AdminCall.run(ctx, this::list));
        router.put("/admin/claims/:name").handler(ctx -> AdminCall.run(ctx, this::put));
        router.delete("/admin/claims/:name").handler(ctx -> AdminCall.run(ctx, this::delete));
    }

    private AdminCall.Answer list(RoutingContext context) {
        JsonArray claims = new JsonArray();
        registrations.configuredClaims().forEach(c -> claims.add(view(ClaimRegistrations.toJson(c),
                ClientsResource.CONFIGURATION)));
        for (Map.Entry<String, String> stored : store.all().entrySet()) {
            if (!configuredNames.contains(stored.getKey())) {
                claims.add(view(stored.getValue(), ClientsResource.ADMIN));
            }
        }
        return AdminCall.Answer.ok(new JsonObject().put("claims", claims));
    }

    private AdminCall.Answer put(RoutingContext context) throws AdminException {
        String name = context.pathParam("name");
        requireManagedHere(name);
        ClaimConfig claim = registrations.parseClaim(JsonBody.of(context));
        if (!claim.name().equals(name)) {
            throw AdminException.badRequest("The name in the body must be the name in the path");
        }
        String rule = ClaimRegistrations.toJson(claim);
        boolean created = store.put(name, rule, clock.instant());
        policy.forget();
        events.record(SecurityEventType.ADMIN_CHANGED, Map.of("actor", AdminCall.actor(context),
                "action", created ? "claims.create" : "claims.update", "claim", name));
        return new AdminCall.Answer(created ? 201 : 200, view(rule, ClientsResource.ADMIN));
    }

    private AdminCall.Answer delete(RoutingContext context) throws AdminException {
        String name = context.pathParam("name");
        requireManagedHere(name);
        if (!store.delete(name)) {
            throw AdminException.notFound("No claim rule has that name; GET /admin/claims lists them");
        }
        policy.forget();
        events.record(SecurityEventType.ADMIN_CHANGED, Map.of("actor", AdminCall.actor(context),
                "action", "claims.delete", "claim", name));
        return AdminCall.Answer.ok(new JsonObject().put("name", name).put("deleted", true));
    }

    private void requireManagedHere(String name) throws AdminException {
        if (configuredNames.contains(name)) {
            throw AdminException.conflict("This claim rule is defined in the configuration file; change it there");
        }
    }

    private static JsonObject view(String rule, String managedBy) {
        return new JsonObject(rule).put("managed-by", managedBy);
    }
}
