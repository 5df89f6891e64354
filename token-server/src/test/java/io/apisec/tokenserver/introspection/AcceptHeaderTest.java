package io.apisec.tokenserver.introspection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptHeaderTest {

    @Test
    void mediaTypeIsFoundIgnoringCaseParametersAndOtherEntries() {
        assertThat(IntrospectionEndpoint.accepts("application/jwt", "application/jwt")).isTrue();
        assertThat(IntrospectionEndpoint.accepts("Application/JWT; q=1", "application/jwt")).isTrue();
        assertThat(IntrospectionEndpoint.accepts("application/json, application/jwt;q=0.9", "application/jwt")).isTrue();
        assertThat(IntrospectionEndpoint.accepts("application/json", "application/jwt")).isFalse();
        assertThat(IntrospectionEndpoint.accepts("application/jwt-bundle", "application/jwt")).isFalse();
        assertThat(IntrospectionEndpoint.accepts(null, "application/jwt")).isFalse();
    }
}
