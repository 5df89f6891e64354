package io.apisec.tokenserver.config;

/**
 * Every key of the token server's configuration file and what it holds. Binders read only these keys;
 * the environment may override the scalar ones.
 */
final class ConfigSchema {

    static final Shape.Mapping TLS = Shape.Mapping.builder()
            .scalar("certificate")
            .scalar("private-key")
            .build();

    static final Shape.Mapping SERVER = Shape.Mapping.builder()
            .scalar("host")
            .scalar("port")
            .mapping("tls", TLS)
            .scalar("plain-http")
            .scalar("max-body-bytes")
            .scalar("header-timeout")
            .build();

    static final Shape.Mapping ADMIN = Shape.Mapping.builder()
            .scalar("host")
            .scalar("port")
            .build();

    static final Shape.Mapping REVOCATION_NOTICES = Shape.Mapping.builder()
            .scalar("redis-url")
            .scalar("channel")
            .build();

    static final Shape.Mapping STORAGE = Shape.Mapping.builder()
            .scalar("url")
            .scalar("username")
            .scalar("password-env")
            .scalar("pool-size")
            .build();

    static final Shape.Mapping KEYS = Shape.Mapping.builder()
            .scalar("algorithm")
            .scalar("rotation-period")
            .scalar("prepublish")
            .scalar("master-key-env")
            .scalar("master-key-file")
            .scalar("dev-mode")
            .build();

    static final Shape.Mapping TOKENS = Shape.Mapping.builder()
            .scalar("max-access-token-lifetime")
            .scalar("max-refresh-token-lifetime")
            .build();

    static final Shape.Mapping CLIENT = Shape.Mapping.builder()
            .scalar("id")
            .scalar("secret-env")
            .scalar("secret-file")
            .scalar("authentication")
            .scalar("jwks-uri")
            .scalar("token-format")
            .scalar("network")
            .scalarList("grant-types")
            .scalarList("scopes")
            .scalarList("audiences")
            .scalar("access-token-lifetime")
            .scalar("introspection")
            .stringMap("attributes")
            .build();

    static final Shape.Mapping CLAIM = Shape.Mapping.builder()
            .scalar("name")
            .scalarList("scopes")
            .scalar("source")
            .scalar("attribute")
            .scalar("value")
            .scalarList("audiences")
            .scalar("sensitive")
            .build();

    static final Shape.Mapping ROOT = Shape.Mapping.builder()
            .scalar("issuer")
            .mapping("server", SERVER)
            .mapping("admin", ADMIN)
            .mapping("storage", STORAGE)
            .mapping("keys", KEYS)
            .mapping("tokens", TOKENS)
            .mapping("revocation-notices", REVOCATION_NOTICES)
            .mappingList("clients", CLIENT)
            .mappingList("claims", CLAIM)
            .build();

    private ConfigSchema() {
    }
}
