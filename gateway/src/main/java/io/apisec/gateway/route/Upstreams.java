package io.apisec.gateway.route;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where a route's requests go: one or more origins, taken in turn (round-robin, passing over the ones that keep
 * failing), each {@code https://host:port} (or http on loopback) with an optional base path; how long to wait
 * for a connection and for the answer; the certificate authorities their certificates must chain to; and the
 * client certificate the gateway presents when the upstream asks for one (mutual TLS).
 *
 * @param targets           the origins, at least one
 * @param connectTimeout    how long a connection may take
 * @param responseTimeout   how long the upstream may stay silent once the request is sent (504 after it)
 * @param clientCertificate the gateway's certificate for upstreams that require one
 * @param trust             a PEM file of the authorities these upstreams' certificates must chain to, in place of
 *                          the gateway's own trusted certificates (those it trusts the token server with)
 */
public record Upstreams(List<URI> targets, Duration connectTimeout, Duration responseTimeout,
                        Optional<ClientCertificate> clientCertificate, Optional<Path> trust) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The hosts a plain-http upstream may have: the gateway's own. */
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    /** A PEM certificate chain and its private key. */
    public record ClientCertificate(Path certificate, Path privateKey) {
        public ClientCertificate {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }

    /**
     * How the gateway speaks TLS to a route's upstreams when it is not its default (the gateway's trusted
     * certificates, no client certificate): routes that share it share one HTTP client.
     */
    public record Tls(Optional<Path> trust, Optional<ClientCertificate> clientCertificate) {
        public Tls {
            Objects.requireNonNull(trust, "trust");
            Objects.requireNonNull(clientCertificate, "clientCertificate");
        }
    }

    public Upstreams {
        targets = List.copyOf(targets);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        Objects.requireNonNull(trust, "trust");
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("name at least one upstream");
        }
        for (URI target : targets) {
            String scheme = target.getScheme();
            if (!"https".equals(scheme) && !"http".equals(scheme) || target.getHost() == null
                    || target.getRawQuery() != null || target.getRawFragment() != null || target.getRawUserInfo() != null) {
                throw new IllegalArgumentException("an upstream is an http(s) URL with a host, such as"
                        + " https://orders.internal:8443/api, without query, fragment or credentials");
            }
            if ("http".equals(scheme) && !LOOPBACK.contains(target.getHost())) {
                throw new IllegalArgumentException("an upstream is https, unless it is on this host (" + target
                        + "): the JWT the gateway forwards would cross the network in clear");
            }
        }
        if (connectTimeout.toMillis() < 1 || responseTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("timeouts are one millisecond or longer");
        }
    }

    /** With the gateway's own trusted certificates. */
    public Upstreams(List<URI> targets, Duration connectTimeout, Duration responseTimeout,
                     Optional<ClientCertificate> clientCertificate) {
        this(targets, connectTimeout, responseTimeout, clientCertificate, Optional.empty());
    }

    /** One origin, the default timeouts, no client certificate. */
    public static Upstreams of(URI target) {
        return new Upstreams(List.of(target), DEFAULT_CONNECT_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT, Optional.empty());
    }

    /** The route's own TLS settings, when it has any. */
    public Optional<Tls> tls() {
        return trust.isEmpty() && clientCertificate.isEmpty() ? Optional.empty()
                : Optional.of(new Tls(trust, clientCertificate));
    }
}
