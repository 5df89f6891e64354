package io.apisec.tokenserver.admin;

import io.apisec.tokenserver.client.ClientDirectory;
import io.apisec.tokenserver.client.JdbcClientStore;
import io.apisec.tokenserver.client.SecretHash;
import io.apisec.tokenserver.client.StoredClient;
import io.apisec.tokenserver.config.ClientConfig;
import io.apisec.tokenserver.config.ClientRegistrations;
import io.apisec.tokenserver.events.SecurityEventType;
import io.apisec.tokenserver.events.SecurityEvents;
import io.apisec.tokenserver.refresh.RefreshTokens;
import io.apisec.tokenserver.token.TokenRepository;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code /admin/clients}: list, register (the server generates the secret and shows it once), read,
 * replace, disable and enable, rotate the secret. A registration uses the keys and rules of a
 * configuration-file client. Clients of the configuration file are read-only here except for disabling:
 * change them in the file. Disabling a client revokes its tokens, so it stops at once, not at expiry; a
 * second sweep, once other nodes' cached copies of the client have expired, revokes what they issued meanwhile.
 */
final class ClientsResource {

    private static final Logger LOG = LoggerFactory.getLogger(ClientsResource.class);

    static final String CONFIGURATION = "configuration";
    static final String ADMIN = "admin";

    private final Map<String, ClientConfig> configured;
    private final JdbcClientStore store;
    private final ClientDirectory directory;
    private final Registrations registrations;
    private final TokenRepository accessTokens;
    private final RefreshTokens refreshTokens;
    private final SecurityEvents events;
    private final Clock clock;

    ClientsResource(Registrations registrations, JdbcClientStore store, ClientDirectory directory,
                    TokenRepository accessTokens, RefreshTokens refreshTokens, SecurityEvents events, Clock clock) {
        this.configured = registrations.configuredClients().stream()
                .collect(Collectors.toUnmodifiableMap(ClientConfig::id, Function.identity()));
        this.store = store;
        this.directory = directory;
        this.registrations = registrations;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.events = events;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/admin/clients").handler(ctx -> AdminCall.run(ctx, this::list));
        router.post("/admin/clients").handler(ctx -> AdminCall.run(ctx, this::register));
        router.get("/admin/clients/:id").handler(ctx -> AdminCall.run(ctx, this::read));
        router.put("/admin/clients/:id").handler(ctx -> AdminCall.run(ctx, this::replace));
        router.post("/admin/clients/:id/disable").handler(ctx -> AdminCall.run(ctx, this::disable));
        router.post("/admin/clients/:id/enable").handler(ctx -> AdminCall.run(ctx, this::enable));
        router.post("/admin/clients/:id/secret").handler(ctx -> AdminCall.run(ctx, this::rotateSecret));
    }

    private AdminCall.Answer list(RoutingContext context) {
        Set<String> disabled = store.disabledIds();
        JsonArray clients = new JsonArray();
        configured.values().stream().sorted((a, b) -> a.id().compareTo(b.id()))
                .forEach(c -> clients.add(view(ClientRegistrations.toJson(c), CONFIGURATION, disabled.contains(c.id()))));
        store.all().forEach(c -> clients.add(view(c.registration(), ADMIN, disabled.contains(c.clientId()))));
        return AdminCall.Answer.ok(new JsonObject().put("clients", clients));
    }

    private AdminCall.Answer register(RoutingContext context) throws AdminException {
        ClientConfig client = parse(context);
        if (configured.containsKey(client.id())) {
            throw AdminException.conflict("A client with that id is defined in the configuration file");
        }
        Optional<String> secret = client.authentication().usesSecret() ? Optional.of(SecretHash.generateSecret())
                : Optional.empty();
        String registration = ClientRegistrations.toJson(client);
        if (!store.insert(new StoredClient(client.id(), registration, secret.map(SecretHash::of)), clock.instant())) {
            throw AdminException.conflict("A client with that id exists; PUT /admin/clients/{id} changes it");
        }
        directory.forget(client.id());
        changed(context, "clients.register", client.id());
        JsonObject body = view(registration, ADMIN, false);
        // The only time the secret is shown: the server keeps its hash alone.
        secret.ifPresent(value -> body.put("client_secret", value));
        return new AdminCall.Answer(201, body);
    }

    private AdminCall.Answer read(RoutingContext context) throws AdminException {
        String id = context.pathParam("id");
        boolean disabled = store.isDisabled(id);
        ClientConfig fromFile = configured.get(id);
        if (fromFile != null) {
            return AdminCall.Answer.ok(view(ClientRegistrations.toJson(fromFile), CONFIGURATION, disabled));
        }
        StoredClient stored = store.find(id).orElseThrow(() -> unknown());
        return AdminCall.Answer.ok(view(stored.registration(), ADMIN, disabled));
    }

    private AdminCall.Answer replace(RoutingContext context) throws AdminException {
        String id = context.pathParam("id");
        requireManagedHere(id);
        StoredClient stored = store.find(id).orElseThrow(() -> unknown());
        ClientConfig client = parse(context);
        if (!client.id().equals(id)) {
            throw AdminException.badRequest("The id in the body must be the id in the path; a client cannot be renamed");
        }
        if (!client.authentication().value().equals(new JsonObject(stored.registration()).getString("authentication"))) {
            throw AdminException.conflict("The authentication method cannot change; register a new client and"
                    + " disable this one");
        }
        String registration = ClientRegistrations.toJson(client);
        if (!store.updateRegistration(id, registration, clock.instant())) {
            throw unknown();
        }
        directory.forget(id);
        changed(context, "clients.update", id);
        return AdminCall.Answer.ok(view(registration, ADMIN, store.isDisabled(id)));
    }

    private AdminCall.Answer disable(RoutingContext context) throws AdminException {
        String id = requireKnown(context.pathParam("id"));
        store.disable(id, clock.instant());
        directory.forget(id);
        // Disabled means stopped now: its live tokens go too, not only its next authentication.
        // Refresh families first, then access tokens: a rotation in flight is caught by one or the other.
        int refresh = refreshTokens.revokeAllOf(id);
        int access = accessTokens.revokeAllOf(id, clock.instant());
        // Other nodes may issue to the client until their cached copy expires: sweep again after that.
        context.vertx().setTimer(ClientDirectory.CACHE_TTL.plusSeconds(1).toMillis(), fired ->
                context.vertx().executeBlocking(() -> store.isDisabled(id) ? refreshTokens.revokeAllOf(id)
                        + accessTokens.revokeAllOf(id, clock.instant()) : 0, false)
                        .onFailure(e -> LOG.warn("The second sweep of client {}'s tokens failed: {}", id, e.getMessage())));
        changed(context, "clients.disable", id);
        return AdminCall.Answer.ok(new JsonObject().put("id", id).put("disabled", true)
                .put("access_tokens_revoked", access).put("refresh_tokens_revoked", refresh));
    }

    private AdminCall.Answer enable(RoutingContext context) throws AdminException {
        String id = requireKnown(context.pathParam("id"));
        store.enable(id);
        directory.forget(id);
        changed(context, "clients.enable", id);
        return AdminCall.Answer.ok(new JsonObject().put("id", id).put("disabled", false));
    }

    private AdminCall.Answer rotateSecret(RoutingContext context) throws AdminException {
        String id = context.pathParam("id");
        requireManagedHere(id);
        StoredClient stored = store.find(id).orElseThrow(() -> unknown());
        if (stored.secret().isEmpty()) {
            throw AdminException.conflict("This client authenticates with private_key_jwt: it has no secret; rotate"
                    + " the key in its JWK set instead");
        }
        String secret = SecretHash.generateSecret();
        if (!store.updateSecret(id, SecretHash.of(secret), clock.instant())) {
            throw unknown();
        }
        directory.forget(id);
        changed(context, "clients.rotate_secret", id);
        return AdminCall.Answer.ok(new JsonObject().put("id", id).put("client_secret", secret));
    }

    private ClientConfig parse(RoutingContext context) throws AdminException {
        return registrations.parseClient(JsonBody.of(context));
    }

    private void requireManagedHere(String id) throws AdminException {
        if (configured.containsKey(id)) {
            throw AdminException.conflict("This client is defined in the configuration file; change it there"
                    + " (the admin API can only disable and enable it)");
        }
    }

    private String requireKnown(String id) throws AdminException {
        if (!configured.containsKey(id) && store.find(id).isEmpty()) {
            throw unknown();
        }
        return id;
    }

    private static AdminException unknown() {
        return AdminException.notFound("No client has that id; GET /admin/clients lists them");
    }

    private void changed(RoutingContext context, String action, String clientId) {
        events.record(SecurityEventType.ADMIN_CHANGED, Map.of("actor", AdminCall.actor(context), "action", action,
                "client_id", clientId));
    }

    private static JsonObject view(String registration, String source, boolean disabled) {
        return new JsonObject(registration).put("managed-by", source).put("disabled", disabled);
    }
}
