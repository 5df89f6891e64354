package io.apisec.tokenserver.testing;

import io.apisec.tokenserver.client.ClientAuthMethod;
import io.apisec.tokenserver.client.RegisteredClient;
import io.apisec.tokenserver.client.SecretHash;
import io.apisec.tokenserver.client.TokenFormat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Registered clients for tests. Secrets are fixed so tests can present them. */
public final class TestClients {

    public static final String SECRET = "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-0001";
    public static final String GATEWAY_SECRET = "gateway-gateway-gateway-gateway-gateway-01";

    private TestClients() {
    }

    /** An external client with opaque tokens: orders:read and orders:write for orders-api. */
    public static RegisteredClient partner() {
        return client("partner", ClientAuthMethod.CLIENT_SECRET_BASIC, TokenFormat.OPAQUE, false);
    }

    /** An internal client that gets JWTs. */
    public static RegisteredClient internalService() {
        return client("billing-service", ClientAuthMethod.CLIENT_SECRET_POST, TokenFormat.JWT, false);
    }

    /** The gateway: may introspect. */
    public static RegisteredClient gateway() {
        return new RegisteredClient("gateway", ClientAuthMethod.CLIENT_SECRET_BASIC, Optional.of(SecretHash.of(GATEWAY_SECRET)), Optional.empty(),
                TokenFormat.OPAQUE, Set.of("client_credentials"), Set.of(), List.of(), Duration.ofMinutes(5), true, Map.of());
    }

    public static RegisteredClient client(String id, ClientAuthMethod method, TokenFormat format, boolean introspection) {
        return new RegisteredClient(id, method, Optional.of(SecretHash.of(SECRET)), Optional.empty(), format, Set.of("client_credentials"),
                Set.of("orders:read", "orders:write"), List.of("orders-api", "billing-api"), Duration.ofMinutes(5),
                introspection, Map.of("tenant", "acme"));
    }
}
