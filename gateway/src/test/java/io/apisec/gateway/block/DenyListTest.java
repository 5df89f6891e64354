package io.apisec.gateway.block;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DenyListTest {

    private final DenyList deny = DenyList.of(List.of("192.0.2.7", "10.0.0.0/8", "2001:db8::/32"), Set.of(), Set.of());

    @Test
    void addressesAndNetworksOfBothFamiliesMatch() {
        assertThat(deny.deniesAddress(at("192.0.2.7"))).isTrue();
        assertThat(deny.deniesAddress(at("192.0.2.8"))).isFalse();
        assertThat(deny.deniesAddress(at("10.200.3.4"))).isTrue();
        assertThat(deny.deniesAddress(at("11.0.0.1"))).isFalse();
        assertThat(deny.deniesAddress(at("2001:db8:1::5"))).isTrue();
        assertThat(deny.deniesAddress(at("2001:db9::5"))).isFalse();
        assertThat(DenyList.empty().deniesAddress(at("10.0.0.1"))).isFalse();
    }

    @Test
    void anEntryThatIsNotALiteralAddressOrNetworkIsRefusedWithoutAnyLookup() {
        for (String bad : new String[] {"example.com", "10.0.0.0/33", "2001:db8::/129", "10.0.0/8", "10.0.0.0/x", ""}) {
            assertThatThrownBy(() -> DenyList.of(List.of(bad), Set.of(), Set.of()))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
        }
    }

    private static InetSocketAddress at(String address) {
        return new InetSocketAddress(address, 443);
    }
}
