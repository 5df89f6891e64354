package io.apisec.tokenserver.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Calls a freshly bound listener once over HTTP/2 and once over HTTP/1.1 ({@code GET /health/live}) while the
 * database opens. The SSL context is built at a listener's first connection, and a cold JVM spends about half a
 * second on its first handshake (JSSE and the curve code initialised and run interpreted); paid here, it is not
 * paid by the first client. The calls trust only the listener's own certificate, send nothing secret, discard
 * the answers and give up after a few seconds; a failure is ignored (the first client then pays as before).
 */
public final class ListenerWarmUp {

    private static final int TIMEOUT_SECONDS = 5;

    private ListenerWarmUp() {
    }

    /**
     * Completes when the calls are over, whatever their outcome; never fails.
     *
     * @param certificate the listener's PEM certificate; empty for plain HTTP
     */
    public static Future<Void> call(Vertx vertx, String host, int port, Optional<Path> certificate) {
        String target = switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]" -> "::1";
            default -> host;
        };
        HttpClientOptions http1 = new HttpClientOptions().setConnectTimeout(TIMEOUT_SECONDS * 1000)
                .setIdleTimeout(TIMEOUT_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS).setKeepAlive(false);
        if (certificate.isEmpty()) {
            return once(vertx, target, port, http1);
        }
        // The name may not be in the certificate (127.0.0.1 for a host name): the trust anchor is the
        // certificate itself, so the host check adds nothing here.
        http1.setSsl(true).setVerifyHost(false)
                .setTrustOptions(new PemTrustOptions().addCertPath(certificate.get().toString()));
        HttpClientOptions http2 = new HttpClientOptions(http1).setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2);
        return once(vertx, target, port, http2).compose(done -> once(vertx, target, port, http1));
    }

    private static Future<Void> once(Vertx vertx, String host, int port, HttpClientOptions options) {
        HttpClientAgent client = vertx.createHttpClient(options);
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
                        .setURI("/health/live").setTimeout(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS)))
                .compose(request -> request.send()).compose(response -> response.body())
                .eventually(client::close).<Void>mapEmpty().otherwiseEmpty();
    }
}
