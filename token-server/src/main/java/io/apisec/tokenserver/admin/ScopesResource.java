package io.apisec.tokenserver.admin;

import io.apisec.tokenserver.config.ClaimConfig;
import io.apisec.tokenserver.config.ClientConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET /admin/scopes}: every scope in use, with the clients that may be granted it and the claims it
 * releases. Scopes are defined by the clients and claim rules that name them, so this is how they are
 * reviewed; they change through {@code /admin/clients} and {@code /admin/claims}.
 */
final class ScopesResource {

    private final Registrations registrations;

    ScopesResource(Registrations registrations) {
        this.registrations = registrations;
    }

    void mount(Router router) {
        router.get("/admin/scopes").handler(ctx -> AdminCall.run(ctx, this::list));
    }

    private AdminCall.Answer list(RoutingContext context) {
        Map<String, TreeSet<String>> clients = new TreeMap<>();
        Map<String, TreeSet<String>> claims = new TreeMap<>();
        List<ClientConfig> allClients = registrations.clients();
        for (ClientConfig client : allClients) {
            client.scopes().forEach(scope -> clients.computeIfAbsent(scope, s -> new TreeSet<>()).add(client.id()));
        }
        for (ClaimConfig claim : registrations.claims()) {
            claim.scopes().forEach(scope -> claims.computeIfAbsent(scope, s -> new TreeSet<>()).add(claim.name()));
        }
        TreeSet<String> scopes = new TreeSet<>(clients.keySet());
        scopes.addAll(claims.keySet());
        JsonArray list = new JsonArray();
        for (String scope : scopes) {
            list.add(new JsonObject().put("scope", scope)
                    .put("clients", new JsonArray(List.copyOf(clients.getOrDefault(scope, new TreeSet<>()))))
                    .put("claims", new JsonArray(List.copyOf(claims.getOrDefault(scope, new TreeSet<>())))));
        }
        return AdminCall.Answer.ok(new JsonObject().put("scopes", list));
    }
}
