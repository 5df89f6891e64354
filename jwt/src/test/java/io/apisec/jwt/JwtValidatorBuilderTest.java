package io.apisec.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import io.apisec.jwt.jwks.JwksKeySource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Missing or contradictory settings fail in build(), naming the setting. */
class JwtValidatorBuilderTest {

    private final JwksKeySource keys = JwksKeySource.builder().jwksUri("https://as.example/jwks").build();

    @AfterEach
    void close() {
        keys.close();
    }

    private JwtValidator.Builder valid() {
        return JwtValidator.builder().issuer("https://as.example").audience("orders-api").keySource(keys);
    }

    @Test
    void buildWhenEverythingRequiredIsSetThenBuilds() {
        assertThat(valid().build()).isNotNull();
    }

    @Test
    void buildWhenIssuerMissingThenRefused() {
        assertThatThrownBy(() -> JwtValidator.builder().audience("a").keySource(keys).build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("issuer");
    }

    @Test
    void buildWhenKeySourceMissingThenRefused() {
        assertThatThrownBy(() -> JwtValidator.builder().issuer("https://as.example").audience("a").build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("keySource");
    }

    @Test
    void buildWhenAudienceMissingThenRefused() {
        assertThatThrownBy(() -> JwtValidator.builder().issuer("https://as.example").keySource(keys).build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("audience");
    }

    @Test
    void buildWhenAudienceAndIgnoreAudienceBothSetThenRefused() {
        assertThatThrownBy(() -> valid().ignoreAudience().build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("audience")
                .hasMessageContaining("ignoreAudience");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void buildWhenHmacAlgorithmAllowedThenRefused(String alg) {
        assertThatThrownBy(() -> valid().algorithms(JWSAlgorithm.parse(alg)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("algorithms")
                .hasMessageContaining(alg);
    }

    @Test
    void buildWhenAlgNoneAllowedThenRefused() {
        assertThatThrownBy(() -> valid().algorithms(new JWSAlgorithm("none")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("algorithms");
        assertThatThrownBy(() -> valid().algorithms().build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("algorithms");
    }

    @Test
    void buildWhenLeewayOutOfRangeThenRefused() {
        assertThatThrownBy(() -> valid().clockLeeway(Duration.ofMinutes(5).plusSeconds(1)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("clockLeeway");
        assertThatThrownBy(() -> valid().clockLeeway(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("clockLeeway");
        assertThat(valid().clockLeeway(Duration.ofMinutes(5)).build()).isNotNull();
    }

    @Test
    void buildWhenTokenLengthLimitOutOfRangeThenRefused() {
        assertThatThrownBy(() -> valid().maxTokenLength(0).build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("maxTokenLength");
        assertThatThrownBy(() -> valid().maxTokenLength(1024 * 1024).build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("maxTokenLength");
    }

    @Test
    void buildWhenMaxLifetimeNotPositiveThenRefused() {
        assertThatThrownBy(() -> valid().maxLifetime(Duration.ZERO).build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("maxLifetime");
    }

    @Test
    void buildWhenTypesEmptyThenRefused() {
        assertThatThrownBy(() -> valid().types().build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("types");
    }

    @Test
    void cacheWhenSizeNotPositiveThenRefused() {
        assertThatThrownBy(() -> valid().cacheValidations(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cacheValidations");
    }
}
