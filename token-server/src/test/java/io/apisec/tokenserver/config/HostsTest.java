package io.apisec.tokenserver.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class HostsTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "127.0.0.1", "127.255.255.254", "::1", "[::1]",
            "0:0:0:0:0:0:0:1"})
    void loopbackFormsAreLoopback(String host) {
        assertThat(Hosts.isLoopback(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "::2", "localhost.example.com",
            "auth.example.com", "127.0.0.256", "127.1"})
    void otherHostsAreNotLoopback(String host) {
        assertThat(Hosts.isLoopback(host)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "auth.example.com", "token_server", "10.0.0.1", "0.0.0.0", "::", "[::1]",
            "fe80::1"})
    void hostNamesAndAddressesAreValid(String host) {
        assertThat(Hosts.isValid(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth server", "256.1.1.1", "-auth.example.com", "auth..example.com", "http://auth",
            "[::1", ":::1:::"})
    void malformedHostsAreInvalid(String host) {
        assertThat(Hosts.isValid(host)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "[::]"})
    void wildcardAddressesAreWildcards(String host) {
        assertThat(Hosts.isWildcard(host)).isTrue();
    }
}
