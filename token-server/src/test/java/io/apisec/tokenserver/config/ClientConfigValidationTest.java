package io.apisec.tokenserver.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code clients}. In the fixture, clients[0] is orders-service (client_secret_basic, secret-env),
 * clients[1] mobile-app (client_secret_post, secret-file, split) and clients[2] billing-worker
 * (private_key_jwt, jwt, internal).
 */
class ClientConfigValidationTest {

    @TempDir
    Path directory;

    private ConfigFixture full() {
        return ConfigFixture.full(directory);
    }

    @Test
    void adminScopesGoOnlyToInternalJwtClientsForTheAdminAudience() {
        full().replace("scopes: [orders:read, orders:write]", "scopes: [orders:read, \"apisec:admin\"]").refused()
                .atKey("clients[0].scopes")
                .mentioning("token-format")
                .mentioning("apisec-admin");
        full().replace("scopes: [billing:charge, orders:read]", "scopes: [billing:charge, \"apisec:metrics\"]").refused()
                .atKey("clients[2].scopes")
                .mentioning("'apisec-admin' in clients[2].audiences");

        TokenServerConfig accepted = full()
                .replace("scopes: [billing:charge, orders:read]\n    audiences: [billing-api, orders-api]",
                        "scopes: [\"apisec:admin\", \"apisec:metrics\"]\n    audiences: [apisec-admin]").load();
        assertThat(accepted.clients().get(2).scopes()).containsExactlyInAnyOrder("apisec:admin", "apisec:metrics");
    }

    @Test
    void clientIdWithForbiddenCharactersIsRefused() {
        full().replace("id: mobile-app", "id: mobile app!").refused()
                .atKey("clients[1].id")
                .withValue("mobile app!")
                .atLineOf("id: mobile app!")
                .mentioning("1 to 128 characters");
    }

    @Test
    void clientIdLongerThan128CharactersIsRefused() {
        String longId = "a".repeat(129);

        full().replace("id: mobile-app", "id: " + longId).refused()
                .atKey("clients[1].id")
                .withValue(longId);
    }

    @Test
    void clientWithoutIdIsRefusedAtItsEntry() {
        full().replace("  - id: mobile-app\n    secret-file:", "  - secret-file:").refused()
                .atKey("clients[1].id")
                .atLineOf("- secret-file:")
                .mentioning("is required");
    }

    @Test
    void duplicateClientIdIsRefusedNamingTheFirst() {
        full().replace("id: billing-worker", "id: orders-service").refused()
                .atKey("clients[2].id")
                .withValue("orders-service")
                .mentioning("already the id of clients[0]");
    }

    @Test
    void unknownAuthenticationMethodIsRefused() {
        full().replace("authentication: client_secret_post", "authentication: client_secret_jwt").refused()
                .atKey("clients[1].authentication")
                .withValue("client_secret_jwt")
                .atLineOf("authentication: client_secret_jwt")
                .mentioning("client_secret_basic, client_secret_post, private_key_jwt");
    }

    @Test
    void clientWithoutAuthenticationMethodIsRefused() {
        full().replace("    authentication: client_secret_post\n", "").refused()
                .atKey("clients[1].authentication")
                .mentioning("is required");
    }

    @Test
    void secretVariableThatIsNotSetIsRefusedNamingIt() {
        full().withoutEnv("ORDERS_SERVICE_SECRET").refused()
                .atKey("clients[0].secret-env")
                .withValue("ORDERS_SERVICE_SECRET")
                .atLineOf("secret-env: ORDERS_SERVICE_SECRET")
                .mentioning("is not set");
    }

    @Test
    void secretVariableThatIsEmptyIsRefusedNamingIt() {
        full().env("ORDERS_SERVICE_SECRET", "").refused()
                .atKey("clients[0].secret-env")
                .withValue("ORDERS_SERVICE_SECRET")
                .mentioning("is empty");
    }

    @Test
    void secretShorterThan32CharactersIsRefusedWithoutShowingIt() {
        String shortSecret = "only-31-characters-long-secret!";

        full().env("ORDERS_SERVICE_SECRET", shortSecret).refused()
                .atKey("clients[0].secret-env")
                .atLineOf("secret-env: ORDERS_SERVICE_SECRET")
                .mentioning("shorter than 32 characters")
                .notMentioning(shortSecret);
    }

    @Test
    void secretFileThatIsMissingIsRefusedNamingIt() {
        full().replace("secret-file: secrets/mobile-app.secret", "secret-file: secrets/absent.secret").refused()
                .atKey("clients[1].secret-file")
                .atLineOf("secret-file:")
                .mentioning("absent.secret", "does not exist");
    }

    @Test
    void secretFileThatIsEmptyIsRefusedNamingIt() {
        full().file("secrets/mobile-app.secret", "").refused()
                .atKey("clients[1].secret-file")
                .mentioning("mobile-app.secret", "is empty");
    }

    @Test
    void secretEnvAndSecretFileTogetherAreRefused() {
        full().insertAfter("secret-env: ORDERS_SERVICE_SECRET", "secret-file: secrets/mobile-app.secret").refused()
                .atKey("clients[0].secret-file")
                .mentioning("exactly one");
    }

    @Test
    void secretClientWithoutASecretIsRefused() {
        full().replace("    secret-env: ORDERS_SERVICE_SECRET\n", "").refused()
                .atKey("clients[0].secret-env")
                .mentioning("is required for authentication client_secret_basic", "secret-file");
    }

    @Test
    void privateKeyJwtClientWithASecretIsRefused() {
        full().insertAfter("authentication: private_key_jwt", "secret-env: BILLING_SECRET").refused()
                .atKey("clients[2].secret-env")
                .atLineOf("secret-env: BILLING_SECRET")
                .mentioning("must not be set for authentication private_key_jwt");
    }

    @Test
    void privateKeyJwtClientWithoutJwksUriIsRefused() {
        full().replace("    jwks-uri: https://billing.internal/jwks.json\n", "").refused()
                .atKey("clients[2].jwks-uri")
                .mentioning("is required for authentication private_key_jwt");
    }

    @Test
    void jwksUriOnASecretClientIsRefused() {
        full().insertAfter("authentication: client_secret_basic", "jwks-uri: https://orders.example.test/jwks").refused()
                .atKey("clients[0].jwks-uri")
                .atLineOf("jwks-uri: https://orders.example.test/jwks")
                .mentioning("must not be set");
    }

    @Test
    void jwksUriOverPlainHttpIsRefused() {
        full().replace("jwks-uri: https://billing.internal/jwks.json", "jwks-uri: http://billing.internal/jwks.json")
                .refused()
                .atKey("clients[2].jwks-uri")
                .withValue("http://billing.internal/jwks.json")
                .atLineOf("jwks-uri:");
    }

    @Test
    void unknownTokenFormatIsRefused() {
        full().replace("token-format: split", "token-format: jws").refused()
                .atKey("clients[1].token-format")
                .withValue("jws")
                .atLineOf("token-format: jws")
                .mentioning("opaque, jwt, split");
    }

    @Test
    void jwtTokenFormatForAnExternalClientIsRefused() {
        full().replace("token-format: split", "token-format: jwt").refused()
                .atKey("clients[1].token-format")
                .withValue("jwt")
                .mentioning("network", "external");
    }

    @Test
    void jwtTokenFormatWithTheDefaultNetworkIsRefused() {
        full().replace("    token-format: jwt\n    network: internal\n", "    token-format: jwt\n").refused()
                .atKey("clients[2].token-format")
                .withValue("jwt")
                .atLineOf("token-format: jwt")
                .mentioning("internal");
    }

    @Test
    void unknownNetworkIsRefused() {
        full().replace("network: internal", "network: intranet").refused()
                .atKey("clients[2].network")
                .withValue("intranet")
                .atLineOf("network: intranet")
                .mentioning("external, internal");
    }

    @Test
    void emptyGrantTypesAreRefused() {
        full().replace("grant-types: [client_credentials]", "grant-types: []").refused()
                .atKey("clients[1].grant-types")
                .atLineOf("grant-types: []")
                .mentioning("non-empty list");
    }

    @Test
    void unknownGrantTypeIsRefusedAtItsIndex() {
        full().replace("grant-types: [client_credentials]", "grant-types: [client_credentials, password]").refused()
                .atKey("clients[1].grant-types[1]")
                .withValue("password")
                .atLineOf("grant-types: [client_credentials, password]")
                .mentioning("urn:ietf:params:oauth:grant-type:token-exchange");
    }

    @Test
    void grantTypeListedTwiceIsRefused() {
        full().replace("grant-types: [client_credentials]", "grant-types: [client_credentials, client_credentials]")
                .refused()
                .atKey("clients[1].grant-types[1]")
                .withValue("client_credentials")
                .mentioning("listed twice");
    }

    @Test
    void scopeThatIsNotAScopeTokenIsRefused() {
        full().replace("scopes: [profile:read]\n    audiences", "scopes: [\"profile read\"]\n    audiences").refused()
                .atKey("clients[1].scopes[0]")
                .withValue("profile read")
                .atLineOf("scopes: [\"profile read\"]")
                .mentioning("scope-token");
    }

    @Test
    void clientWithoutAudiencesIsRefused() {
        full().replace("    scopes: [profile:read]\n    audiences: [profile-api]\n", "    scopes: [profile:read]\n").refused()
                .atKey("clients[1].audiences")
                .mentioning("is required");
    }

    @Test
    void accessTokenLifetimeAboveTheMaximumIsRefused() {
        full().replace("access-token-lifetime: PT10M", "access-token-lifetime: PT31M").refused()
                .atKey("clients[0].access-token-lifetime")
                .withValue("PT31M")
                .atLineOf("access-token-lifetime: PT31M")
                .mentioning("tokens.max-access-token-lifetime (PT30M)");
    }

    @Test
    void defaultAccessTokenLifetimeAboveALowerMaximumIsRefused() {
        full().replace("max-access-token-lifetime: PT30M", "max-access-token-lifetime: PT4M")
                .replace("access-token-lifetime: PT10M", "access-token-lifetime: PT3M")
                .refused()
                .atKey("clients[1].access-token-lifetime")
                .withValue("PT5M")
                .mentioning("(the default)", "PT4M");
    }

    @Test
    void attributeValueThatIsNotAStringIsRefused() {
        full().replace("attributes: {tenant: acme, region: eu}", "attributes: {tenant: acme, region: 42}").refused()
                .atKey("clients[0].attributes.region")
                .withValue("42")
                .atLineOf("attributes:")
                .mentioning("expected a string");
    }

    @Test
    void attributeThatYamlReadsAsABooleanIsRefusedRatherThanTurnedIntoText() {
        full().replace("attributes: {tenant: acme, region: eu}", "attributes: {tenant: acme, region: no}").refused()
                .atKey("clients[0].attributes.region")
                .atLineOf("attributes:")
                .mentioning("put it in quotes");
    }

    @Test
    void introspectionThatIsNotABooleanIsRefused() {
        full().replace("introspection: true", "introspection: maybe").refused()
                .atKey("clients[2].introspection")
                .withValue("maybe")
                .atLineOf("introspection: maybe")
                .mentioning("true or false");
    }

    @Test
    void introspectionForAnExternalClientIsRefused() {
        full().replace("  - id: mobile-app\n", "  - id: mobile-app\n    introspection: true\n").refused()
                .atKey("clients[1].introspection")
                .mentioning("network: internal");
    }
}
