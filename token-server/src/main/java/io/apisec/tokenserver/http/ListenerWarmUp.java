package io.apisec.tokenserver.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;

/**
 * Calls a freshly bound listener once over HTTP/2 and once over HTTP/1.1 ({@code GET /health/live}) while the
 * database opens. A cold JVM spends about half a second on its first TLS handshake (JSSE and the curve code
 * initialised and run interpreted); paid here, on a core that start-up leaves idle, it is not paid by the first
 * client. The calls send nothing secret and their answers are discarded, so the listener's own certificate
 * needs no verification; a failure is ignored (the first client then pays as before).
 */
public final class ListenerWarmUp {

    private ListenerWarmUp() {
    }

    /** Completes when the calls are over, whatever their outcome; never fails. */
    public static Future<Void> call(Vertx vertx, String host, int port, boolean tls) {
        String target = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        if (!tls) {
            return once(vertx, target, port, new HttpClientOptions());
        }
        HttpClientOptions http1 = new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false);
        HttpClientOptions http2 = new HttpClientOptions(http1).setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2);
        return once(vertx, target, port, http2).compose(done -> once(vertx, target, port, http1));
    }

    private static Future<Void> once(Vertx vertx, String host, int port, HttpClientOptions options) {
        HttpClientAgent client = vertx.createHttpClient(options.setKeepAlive(false));
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
                        .setURI("/health/live"))
                .compose(request -> request.send()).compose(response -> response.body())
                .eventually(client::close).<Void>mapEmpty().otherwiseEmpty();
    }
}
