package io.apisec.gateway.block;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DenyRulesTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 50_000);

    /** The listener skips the address check when no address is denied: an entry from either source must count. */
    @Test
    void anAddressIsDeniedWhetherConfiguredOrAddedAndTheShortcutSeesBoth() {
        DenyRules rules = new DenyRules(DenyList.empty());
        assertThat(rules.deniesAnyAddress()).isFalse();
        assertThat(rules.deniesAddress(CLIENT)).isFalse();

        rules.add(DenyKind.ADDRESSES, "192.0.2.0/24");
        assertThat(rules.deniesAnyAddress()).isTrue();
        assertThat(rules.deniesAddress(CLIENT)).isTrue();

        rules.remove(DenyKind.ADDRESSES, "192.0.2.0/24");
        assertThat(rules.deniesAnyAddress()).isFalse();
        assertThat(rules.deniesAddress(CLIENT)).isFalse();

        rules.configure(DenyList.of(List.of("192.0.2.7"), Set.of(), Set.of()));
        assertThat(rules.deniesAnyAddress()).isTrue();
        assertThat(rules.deniesAddress(CLIENT)).isTrue();
    }

    @Test
    void clientsAndSubjectsAloneDoNotMakeTheListenerLookAtAddresses() {
        DenyRules rules = new DenyRules(DenyList.of(List.of(), Set.of("some-client"), Set.of("some-subject")));
        assertThat(rules.deniesAnyAddress()).isFalse();
    }
}
