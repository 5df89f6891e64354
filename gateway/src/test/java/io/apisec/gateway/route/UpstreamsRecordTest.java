package io.apisec.gateway.route;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpstreamsRecordTest {

    /** The configuration file takes https only; built in code, plain http is allowed to this host alone. */
    @Test
    void plainHttpIsRefusedUnlessTheUpstreamIsOnThisHost() {
        for (String local : new String[] {"http://localhost:9444", "http://127.0.0.1:9444/api", "http://[::1]:9444"}) {
            assertThat(Upstreams.of(URI.create(local)).targets()).as(local).hasSize(1);
        }
        for (String remote : new String[] {"http://orders.internal:9444", "http://10.0.0.7", "http://127.0.0.1.example"}) {
            assertThatThrownBy(() -> Upstreams.of(URI.create(remote))).as(remote)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in clear");
        }
        assertThat(Upstreams.of(URI.create("https://orders.internal:9444")).targets()).hasSize(1);
    }
}
