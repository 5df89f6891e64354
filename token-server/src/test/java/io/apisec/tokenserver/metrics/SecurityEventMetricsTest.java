package io.apisec.tokenserver.metrics;

import io.apisec.tokenserver.events.SecurityEvent;
import io.apisec.tokenserver.events.SecurityEventType;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityEventMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SecurityEventMetrics listener = new SecurityEventMetrics(registry);

    private void record(SecurityEventType type, Map<String, String> details) {
        listener.onEvent(new SecurityEvent(type, Instant.EPOCH, details));
    }

    private double issued(String grant, String format) {
        return registry.get("apisec.tokens.issued").tags("grant", grant, "format", format).counter().count();
    }

    private double refused(String event, String reason) {
        return registry.get("apisec.requests.refused").tags("event", event, "reason", reason).counter().count();
    }

    @Test
    void tokenIssuedWithKnownGrantAndFormatThenCountedUnderThem() {
        record(SecurityEventType.TOKEN_ISSUED, Map.of("grant", "client_credentials", "format", "OPAQUE", "client_id", "c1"));
        record(SecurityEventType.TOKEN_ISSUED, Map.of("grant", "urn:ietf:params:oauth:grant-type:token-exchange",
                "format", "jwt"));

        assertThat(issued("client_credentials", "opaque")).isEqualTo(1);
        assertThat(issued("urn:ietf:params:oauth:grant-type:token-exchange", "jwt")).isEqualTo(1);
    }

    @Test
    void tokenIssuedWithUnknownOrMissingValuesThenCountedAsOther() {
        record(SecurityEventType.TOKEN_ISSUED, Map.of("grant", "password", "format", "<script>"));
        record(SecurityEventType.TOKEN_ISSUED, Map.of());

        assertThat(issued("other", "other")).isEqualTo(2);
        assertThat(registry.find("apisec.tokens.issued").meters()).hasSize(1);
    }

    @Test
    void refusalWithKnownReasonThenCountedUnderEventAndReason() {
        record(SecurityEventType.TOKEN_REFUSED, Map.of("reason", "invalid_scope", "endpoint", "token"));
        record(SecurityEventType.CLIENT_AUTH_FAILED, Map.of("reason", "invalid_client", "client_id", "c1"));

        assertThat(refused("token.refused", "invalid_scope")).isEqualTo(1);
        assertThat(refused("client.auth_failed", "invalid_client")).isEqualTo(1);
    }

    @Test
    void refusalWithUnknownReasonThenCountedAsOther() {
        record(SecurityEventType.TOKEN_REFUSED, Map.of("reason", "made_up_by_caller_42"));

        assertThat(refused("token.refused", "other")).isEqualTo(1);
    }

    @Test
    void everyEventThenCountedByType() {
        record(SecurityEventType.REFRESH_REUSE_DETECTED, Map.of("client_id", "c1"));
        record(SecurityEventType.REFRESH_REUSE_DETECTED, Map.of());

        assertThat(registry.get("apisec.security.events").tags("type", "refresh.reuse_detected").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("apisec.security.events").tags("type", "key.rotated").counter().count()).isZero();
    }

    @Test
    void clientIdIsNeverATag() {
        String clientId = "attacker-chosen-client-id";
        record(SecurityEventType.TOKEN_ISSUED, Map.of("grant", "client_credentials", "format", "jwt", "client_id", clientId));
        record(SecurityEventType.CLIENT_AUTH_FAILED, Map.of("reason", clientId, "client_id", clientId));

        assertThat(registry.getMeters()).flatExtracting(m -> m.getId().getTags())
                .extracting(Tag::getKey).doesNotContain("client_id");
        assertThat(registry.getMeters()).flatExtracting(m -> m.getId().getTags())
                .extracting(Tag::getValue).doesNotContain(clientId);
    }

    @Test
    void prometheusNamesCarryTheTotalSuffix() {
        try (TokenServerMetrics metrics = new TokenServerMetrics()) {
            SecurityEventMetrics prometheus = new SecurityEventMetrics(metrics.registry());
            prometheus.onEvent(new SecurityEvent(SecurityEventType.TOKEN_ISSUED, Instant.EPOCH,
                    Map.of("grant", "refresh_token", "format", "opaque")));
            prometheus.onEvent(new SecurityEvent(SecurityEventType.TOKEN_REFUSED, Instant.EPOCH,
                    Map.of("reason", "invalid_grant")));

            assertThat(metrics.scrape())
                    .contains("apisec_tokens_issued_total{format=\"opaque\",grant=\"refresh_token\"} 1.0")
                    .contains("apisec_requests_refused_total{event=\"token.refused\",reason=\"invalid_grant\"} 1.0")
                    .contains("apisec_security_events_total{type=\"token.issued\"} 1.0");
        }
    }
}
