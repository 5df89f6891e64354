package io.apisec.tokenserver.metrics;

import io.apisec.tokenserver.client.TokenFormat;
import io.apisec.tokenserver.config.GrantType;
import io.apisec.tokenserver.events.SecurityEvent;
import io.apisec.tokenserver.events.SecurityEventListener;
import io.apisec.tokenserver.events.SecurityEventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Counts security events. Every tag value comes from a fixed set: a detail outside it (a caller can put
 * anything in a refused grant type) counts as {@code other}, and the client id is never a tag.
 */
public final class SecurityEventMetrics implements SecurityEventListener {

    static final String OTHER = "other";
    static final Set<String> GRANTS = Arrays.stream(GrantType.values()).map(GrantType::value)
            .collect(Collectors.toUnmodifiableSet());
    static final Set<String> FORMATS = Arrays.stream(TokenFormat.values()).map(TokenFormat::value)
            .collect(Collectors.toUnmodifiableSet());
    /** The error codes of RFC 6749 5.2, 7009, 8693 and 8628 that a refusal can carry. */
    static final Set<String> REASONS = Set.of("invalid_request", "invalid_client", "invalid_grant",
            "unauthorized_client", "unsupported_grant_type", "invalid_scope", "invalid_target",
            "unsupported_token_type", "temporarily_unavailable", "slow_down");

    private final MeterRegistry registry;
    private final Map<SecurityEventType, Counter> events = new EnumMap<>(SecurityEventType.class);

    public SecurityEventMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (SecurityEventType type : SecurityEventType.values()) {
            events.put(type, Counter.builder("apisec.security.events").description("Security events by type")
                    .tag("type", type.value()).register(registry));
        }
    }

    @Override
    public void onEvent(SecurityEvent event) {
        events.get(event.type()).increment();
        switch (event.type()) {
            case TOKEN_ISSUED -> Counter.builder("apisec.tokens.issued").description("Tokens issued")
                    .tag("grant", known(event.details().get("grant"), GRANTS))
                    .tag("format", known(event.details().get("format"), FORMATS))
                    .register(registry).increment();
            case TOKEN_REFUSED, CLIENT_AUTH_FAILED -> Counter.builder("apisec.requests.refused")
                    .description("Requests refused, by event and RFC error code")
                    .tag("event", event.type().value())
                    .tag("reason", known(event.details().get("reason"), REASONS))
                    .register(registry).increment();
            default -> {
            }
        }
    }

    private static String known(String value, Set<String> allowed) {
        if (value == null) {
            return OTHER;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return allowed.contains(lower) ? lower : OTHER;
    }
}
