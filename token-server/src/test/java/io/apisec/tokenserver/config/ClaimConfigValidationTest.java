package io.apisec.tokenserver.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code claims}. In the fixture, claims[0] is tenant (client-attribute, orders:read), claims[1] email
 * (user-attribute, profile:read, audience profile-api) and claims[2] cost-center (constant, billing:charge,
 * audience billing-api, sensitive). mobile-app (clients[1]) is external with split tokens and holds
 * profile:read for profile-api.
 */
class ClaimConfigValidationTest {

    @TempDir
    Path directory;

    private ConfigFixture full() {
        return ConfigFixture.full(directory);
    }

    @ParameterizedTest
    @ValueSource(strings = {"iss", "sub", "aud", "exp", "iat", "nbf", "jti", "client_id", "scope", "act", "cnf"})
    void registeredClaimNameIsRefused(String registered) {
        full().replace("name: email", "name: " + registered).refused()
                .atKey("claims[1].name")
                .withValue(registered)
                .atLineOf("name: " + registered)
                .mentioning("registered claim");
    }

    @Test
    void duplicateClaimNameIsRefusedNamingTheFirst() {
        full().replace("name: cost-center", "name: tenant").refused()
                .atKey("claims[2].name")
                .withValue("tenant")
                .mentioning("already the name of claims[0]");
    }

    @Test
    void claimNameWithASpaceIsRefused() {
        full().replace("name: email", "name: e mail").refused()
                .atKey("claims[1].name")
                .withValue("e mail")
                .atLineOf("name: e mail");
    }

    @Test
    void unknownSourceIsRefused() {
        full().replace("source: user-attribute", "source: ldap").refused()
                .atKey("claims[1].source")
                .withValue("ldap")
                .atLineOf("source: ldap")
                .mentioning("client-attribute, user-attribute, constant");
    }

    @Test
    void attributeSourceWithoutAttributeIsRefused() {
        full().replace("    attribute: email\n", "").refused()
                .atKey("claims[1].attribute")
                .mentioning("is required for source user-attribute");
    }

    @Test
    void constantSourceWithoutValueIsRefused() {
        full().replace("    value: CC-4711\n", "").refused()
                .atKey("claims[2].value")
                .mentioning("is required for source constant");
    }

    @Test
    void valueWithAnAttributeSourceIsRefused() {
        full().insertAfter("attribute: email", "value: someone@example.test").refused()
                .atKey("claims[1].value")
                .atLineOf("value: someone@example.test")
                .mentioning("must not be set for source user-attribute");
    }

    @Test
    void attributeWithTheConstantSourceIsRefused() {
        full().insertAfter("value: CC-4711", "attribute: cost").refused()
                .atKey("claims[2].attribute")
                .atLineOf("attribute: cost")
                .mentioning("must not be set for source constant");
    }

    @Test
    void constantValueThatIsNotAStringIsRefused() {
        full().replace("value: CC-4711", "value: 4711").refused()
                .atKey("claims[2].value")
                .withValue("4711")
                .atLineOf("value: 4711")
                .mentioning("put it in quotes");
    }

    @Test
    void claimWithoutScopesIsRefused() {
        full().replace("    scopes: [orders:read]\n    source: client-attribute\n", "    source: client-attribute\n")
                .refused()
                .atKey("claims[0].scopes")
                .mentioning("is required");
    }

    @Test
    void sensitiveClaimReleasedToAnExternalSplitClientIsRefusedNamingClaimAndClient() {
        full().insertAfter("attribute: email", "sensitive: true   # email").refused()
                .atKey("claims[1].sensitive")
                .withValue("true")
                .atLineOf("# email")
                .mentioning("'email'", "'mobile-app'", "clients[1]", "'profile:read'", "token-format split");
    }

    @Test
    void sensitiveClaimForAnyAudienceReachingAnExternalSplitClientIsRefused() {
        full().replace("scopes: [profile:read]\n    audiences", "scopes: [profile:read, billing:charge]\n    audiences")
                .replace("    audiences: [billing-api]\n    sensitive: true", "    sensitive: true")
                .refused()
                .atKey("claims[2].sensitive")
                .mentioning("'cost-center'", "'mobile-app'", "'billing:charge'");
    }

    @Test
    void sensitiveClaimLimitedToAnAudienceTheExternalClientCannotRequestIsAccepted() {
        TokenServerConfig config = full()
                .replace("scopes: [profile:read]\n    audiences", "scopes: [profile:read, billing:charge]\n    audiences")
                .load();

        assertThat(config.client("mobile-app").orElseThrow().scopes()).contains("billing:charge");
    }

    @Test
    void sensitiveClaimReleasedToAnExternalOpaqueClientIsAccepted() {
        TokenServerConfig config = full().insertAfter("attribute: tenant", "sensitive: true").load();

        assertThat(config.claims().getFirst().sensitive()).isTrue();
    }

    @Test
    void sensitiveClaimReleasedToAnInternalJwtClientIsAccepted() {
        ClaimConfig costCenter = full().load().claims().get(2);

        assertThat(costCenter.sensitive()).isTrue();
        assertThat(costCenter.scopes()).containsExactly("billing:charge");
    }
}
