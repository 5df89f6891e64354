package io.apisec.tokenserver.http;

import io.apisec.tokenserver.config.ServerConfig;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;

import java.security.Security;
import java.util.concurrent.TimeUnit;

/**
 * The options of both listeners (public and admin): HTTPS from the configured PEM files with HTTP/2 by
 * ALPN, unless plain HTTP was chosen for loopback development; bounded header and line sizes; idle
 * connections closed after 30 s ({@link HeaderDeadline} closes slow senders).
 */
public final class ListenerOptions {

    /** How long a connection may stay silent; also how long a kept-alive one may wait for its next request. */
    public static final java.time.Duration IDLE_TIMEOUT = java.time.Duration.ofSeconds(30);

    /** The JDK's PKCS#12 key-protection rounds, for stores made in this process. */
    static final String KEY_PBE_ITERATIONS = "keystore.pkcs12.keyPbeIterationCount";

    private ListenerOptions() {
    }

    public static HttpServerOptions of(ServerConfig server, String host, int port) {
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
                .setMaxHeaderSize(8 * 1024).setMaxInitialLineLength(4 * 1024)
                // Above the body limit, so an oversized body is always the clear 413 of the body limit.
                .setMaxFormAttributeSize(2 * server.maxBodyBytes())
                .setIdleTimeout((int) IDLE_TIMEOUT.toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
        server.tls().ifPresent(tls -> options.setSsl(true).setUseAlpn(true).setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(tls.certificate().toString()).setKeyPath(tls.privateKey().toString())));
        // Plain HTTP (loopback development) is HTTP/1.1 only: without h2c a connection is known from its first
        // byte, so the slow-client deadline watches it from the start.
        options.setHttp2ClearTextEnabled(false);
        return options;
    }

    /**
     * For the server's own process (its main, not an embedding program): Vert.x and Netty hand a PEM key to
     * JSSE through PKCS#12 stores that live in memory only and are never written anywhere; sealing each with
     * the JDK's 10,000 PBKDF2 rounds protected nothing and cost about half a second of every start. Stores read
     * from files keep their own counts; a count the operator set (system or security property) is kept.
     */
    public static void sealInMemoryKeyStoresCheaply() {
        if (System.getProperty(KEY_PBE_ITERATIONS) == null && Security.getProperty(KEY_PBE_ITERATIONS) == null) {
            System.setProperty(KEY_PBE_ITERATIONS, "1");
        }
    }

    public static String scheme(ServerConfig server) {
        return server.plainHttp() ? "http" : "https";
    }
}
