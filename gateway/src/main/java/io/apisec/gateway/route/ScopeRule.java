package io.apisec.gateway.route;

import io.vertx.core.http.HttpMethod;

import java.util.List;
import java.util.Set;

/**
 * Scopes a route requires of some requests only (practice 4): those with one of {@code methods}, or whose body
 * is one of {@code contentTypes} (media types, lower case), or both when both are named. A token for
 * {@code orders:read} then cannot POST, and one without {@code orders:import} cannot send {@code text/csv}.
 */
public record ScopeRule(Set<HttpMethod> methods, Set<String> contentTypes, List<String> scopes) {

    public ScopeRule {
        methods = Set.copyOf(methods);
        contentTypes = Set.copyOf(contentTypes);
        scopes = List.copyOf(scopes);
        if (methods.isEmpty() && contentTypes.isEmpty()) {
            throw new IllegalArgumentException("a scope rule names methods, content types or both");
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a scope rule names the scopes it requires");
        }
        for (String type : contentTypes) {
            if (!type.matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+")) {
                throw new IllegalArgumentException("\"" + type + "\" is not a media type such as text/csv, in lower case");
            }
        }
    }

    /** @param mediaType the request's media type, lower case, without parameters; null without a body type */
    public boolean applies(HttpMethod method, String mediaType) {
        boolean byMethod = methods.isEmpty() || methods.contains(method);
        boolean byType = contentTypes.isEmpty() || (mediaType != null && contentTypes.contains(mediaType));
        return byMethod && byType;
    }
}
