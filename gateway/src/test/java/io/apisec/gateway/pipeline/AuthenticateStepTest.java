package io.apisec.gateway.pipeline;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticateStepTest {

    @ParameterizedTest
    @ValueSource(strings = {"/a?access_token=x", "/a?b=1&access_token=x", "/a?b=1;access_token=x", "/a?Access_Token=x",
            "/a?access%5Ftoken=x", "/a?ACCESS_TOKEN", "/a?access_token", "/a?%zz=1"})
    void aTokenInTheQueryIsFoundHoweverItIsSpelled(String uri) {
        assertThat(AuthenticateStep.hasAccessTokenParameter(uri)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a", "/a?", "/a?b=access_token", "/a?access_tokens=1", "/access_token"})
    void otherQueriesAreLeftAlone(String uri) {
        assertThat(AuthenticateStep.hasAccessTokenParameter(uri)).isFalse();
    }
}
