package io.apisec.tokenserver.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Binds {@code server}: TLS unless plain HTTP, and plain HTTP only on a loopback host, so that a
 * misconfigured server can never hand out tokens in clear text over a real network.
 */
final class ServerSection {

    static final String DEFAULT_HOST = "127.0.0.1";
    private static final byte[] PEM_MARKER = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);

    private ServerSection() {
    }

    static ServerConfig bind(ConfigObject server) {
        String host = host(server);
        int port = server.integer("port", 8443, 0, 65535);
        boolean plainHttp = server.bool("plain-http", false);
        if (plainHttp && !Hosts.isLoopback(host)) {
            throw server.error("plain-http", "value 'true' is accepted only when " + server.path("host")
                    + " is a loopback address (127.0.0.0/8, ::1, localhost), but it is " + Quote.of(host)
                    + "; configure " + server.path("tls") + " instead");
        }
        Optional<ConfigObject> tls = server.optionalObject("tls");
        if (plainHttp && tls.isPresent()) {
            throw server.error("tls", "must not be set when " + server.path("plain-http")
                    + " is true; choose TLS or plain HTTP");
        }
        if (!plainHttp && tls.isEmpty()) {
            throw server.error("tls", "is required (certificate and private-key) unless " + server.path("plain-http")
                    + " is true, which is accepted on a loopback host only");
        }
        int maxBodyBytes = server.integer("max-body-bytes", 65536, 1024, 1048576);
        Duration headerTimeout = server.duration("header-timeout", Duration.ofSeconds(10));
        if (headerTimeout.compareTo(Duration.ofSeconds(1)) < 0 || headerTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw server.error("header-timeout", "value " + server.written("header-timeout")
                    + " is not accepted; expected PT1S to PT1M");
        }
        return new ServerConfig(host, port, tls.map(ServerSection::tls), plainHttp, maxBodyBytes, headerTimeout);
    }

    /** Reads a {@code host} key: a host name or IP address. */
    static String host(ConfigObject owner) {
        String host = owner.text("host").orElse(DEFAULT_HOST);
        if (!Hosts.isValid(host)) {
            throw owner.error("host", "value " + Quote.of(host) + " is not accepted; expected a host name or an IP address");
        }
        return host;
    }

    private static TlsConfig tls(ConfigObject tls) {
        return new TlsConfig(pemFile(tls, "certificate"), pemFile(tls, "private-key"));
    }

    /** A readable PEM file; its content, which may be a private key, never enters a message. */
    private static Path pemFile(ConfigObject owner, String key) {
        Path file = owner.file(key).orElseThrow(() -> owner.error(key, "is required; expected the path of a PEM file"));
        if (!Files.isRegularFile(file)) {
            throw owner.error(key, "file " + Quote.of(file.toString()) + " does not exist");
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw owner.error(key, "file " + Quote.of(file.toString()) + " cannot be read", e);
        }
        if (!contains(content, PEM_MARKER)) {
            throw owner.error(key, "file " + Quote.of(file.toString()) + " is not a PEM file (no '-----BEGIN ' line)");
        }
        return file;
    }

    private static boolean contains(byte[] content, byte[] marker) {
        outer:
        for (int start = 0; start <= content.length - marker.length; start++) {
            for (int i = 0; i < marker.length; i++) {
                if (content[start + i] != marker[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
