package io.apisec.tokenserver.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The token server's whole configuration, bound once from one YAML file and validated field by field:
 * the server refuses to start on a bad value instead of discovering it at request time.
 *
 * <h2>The file</h2>
 * Keys are kebab-case; durations are ISO-8601 ({@code PT5M}, {@code P30D}); relative file paths resolve
 * against the directory of the configuration file. An unknown key, a key given twice or a value of the
 * wrong kind is an error, so a typo is never silently ignored. Secrets are never written in the file: it
 * names the environment variable ({@code *-env}) or file ({@code *-file}) that holds each one.
 * {@code token-server/config/token-server.example.yaml} documents every key.
 *
 * <h2>Environment overrides</h2>
 * Any scalar key of the schema may be overridden by an environment variable named {@code APISEC_} followed
 * by the key path in upper case, with every character that is not a letter or digit replaced by {@code _};
 * list elements are addressed by their index:
 * <pre>
 * APISEC_ISSUER=https://auth.example.com            issuer
 * APISEC_SERVER_PORT=9443                           server.port
 * APISEC_KEYS_ROTATION_PERIOD=P7D                   keys.rotation-period
 * APISEC_CLIENTS_0_ACCESS_TOKEN_LIFETIME=PT2M       clients[0].access-token-lifetime
 * </pre>
 * The overridable keys come from the schema, not from the file, so a key the file leaves out can still be
 * set; an index must name an entry the file lists (the environment changes entries, it does not add them).
 * Lists of values ({@code scopes}, {@code grant-types}, {@code audiences}) and {@code attributes} are set in
 * the file only. Variables that match no key, such as the ones holding secrets, are not overrides. An
 * overridden value is validated like any other, and an error names the variable.
 *
 * @param issuer  the {@code iss} of every token: an absolute https URL without query or fragment
 * @param server  the public listener
 * @param admin   the administration listener
 * @param storage the database
 * @param keys    the signing-key lifecycle and the master key
 * @param tokens  bounds on token lifetimes
 * @param clients the registered clients, ids unique
 * @param claims  the central claims policy, names unique
 * @param revocationNotices where revocations are announced to the gateways, if several nodes run
 */
public record TokenServerConfig(URI issuer, ServerConfig server, AdminConfig admin, StorageConfig storage,
                                KeysConfig keys, TokensConfig tokens, List<ClientConfig> clients,
                                List<ClaimConfig> claims, Optional<RevocationNoticesConfig> revocationNotices) {

    public TokenServerConfig {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(tokens, "tokens");
        clients = List.copyOf(clients);
        claims = List.copyOf(claims);
        Objects.requireNonNull(revocationNotices, "revocationNotices");
    }

    /**
     * The issuer's path without trailing slashes ({@code ""} for {@code https://auth.example.com}, {@code /tenant}
     * for {@code https://example.com/tenant/}): the endpoints are served under it, as the metadata names them.
     */
    public String issuerPath() {
        String path = issuer.getRawPath() == null ? "" : issuer.getRawPath();
        return path.replaceAll("/+$", "");
    }

    /**
     * Reads, overrides, binds and validates the configuration.
     *
     * @param file        the YAML file
     * @param environment the environment: overrides ({@code APISEC_*}) and the variables that secrets are read
     *                    from; pass {@code System.getenv()} in production and a map in tests
     * @throws ConfigException when the file cannot be read or parsed, or any value is refused; the message
     *                         names the file, the line when known, the key path and the value, never a secret
     */
    public static TokenServerConfig load(Path file, Map<String, String> environment) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(environment, "environment");
        ConfigDocument document = YamlDocumentReader.read(file);
        EnvironmentOverrides.apply(document, environment);
        return ConfigBinder.bind(document, environment);
    }

    /** The client registered under {@code id}. */
    public Optional<ClientConfig> client(String id) {
        return clients.stream().filter(client -> client.id().equals(id)).findFirst();
    }
}
