package io.apisec.gateway.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardStepTest {

    @Test
    void forwardedNamesAnIpv4ClientAsIsAndAnIpv6OneInBracketsAsRfc7239Requires() {
        assertThat(ForwardStep.forwarded("192.0.2.60", true)).isEqualTo("for=\"192.0.2.60\";proto=https");
        assertThat(ForwardStep.forwarded("2001:db8:cafe:0:0:0:0:17", false))
                .isEqualTo("for=\"[2001:db8:cafe:0:0:0:0:17]\";proto=http");
    }
}
