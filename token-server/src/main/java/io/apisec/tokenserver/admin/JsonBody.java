package io.apisec.tokenserver.admin;

import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/** The JSON body of an admin write: declared as JSON, and not empty. */
final class JsonBody {

    private JsonBody() {
    }

    static String of(RoutingContext context) throws AdminException {
        String type = context.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw AdminException.badRequest("Send a JSON object with Content-Type: application/json");
        }
        String body = context.body().asString();
        if (body == null || body.isBlank()) {
            throw AdminException.badRequest("Send a JSON object; the request body is empty");
        }
        return body;
    }
}
