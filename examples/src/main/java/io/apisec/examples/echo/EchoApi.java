package io.apisec.examples.echo;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;

import java.util.Locale;

/**
 * A diagnostic upstream for trying the gateway: over HTTPS, it answers every request with what it received
 * (method, path and query, headers), so you can see the JWT the gateway forwards in place of the client's opaque
 * token. It checks nothing: never put it anywhere but your own machine. The example APIs that verify every
 * token are in {@code io.apisec.examples.orders}.
 *
 * <p>Usage: {@code EchoApi PORT CERTIFICATE.pem PRIVATE-KEY.pem} (listens on 127.0.0.1).
 */
public final class EchoApi {

    private EchoApi() {
    }

    public static void main(String[] args) {
        if (args.length != 3 || !args[0].matches("\\d{1,5}")) {
            System.err.println("usage: echo-api PORT CERTIFICATE.pem PRIVATE-KEY.pem");
            System.exit(2);
        }
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(Integer.parseInt(args[0]))
                        .setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(args[1]).setKeyPath(args[2])))
                .requestHandler(request -> request.body().onComplete(body -> {
                    JsonObject headers = new JsonObject();
                    request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
                    JsonObject seen = new JsonObject().put("method", request.method().name()).put("uri", request.uri())
                            .put("headers", headers)
                            .put("body_bytes", body.succeeded() ? body.result().length() : -1);
                    request.response().putHeader("Content-Type", "application/json").end(seen.encodePrettily());
                }))
                .listen()
                .onSuccess(server -> System.out.println("Echo API on https://127.0.0.1:" + server.actualPort()
                        + " (answers with what it received; checks nothing)"))
                .onFailure(e -> {
                    System.err.println("Cannot listen on port " + args[0] + ": " + e.getMessage());
                    System.exit(1);
                });
    }
}
