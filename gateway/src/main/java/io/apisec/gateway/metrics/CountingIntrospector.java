package io.apisec.gateway.metrics;

import io.apisec.gateway.phantom.IntrospectionOutcome;
import io.apisec.gateway.phantom.TokenIntrospector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;

import java.util.Objects;

/**
 * Counts the answers of a {@link TokenIntrospector} by outcome. Around the token server's client it counts
 * introspections (the cache's misses); around the cache, every lookup.
 */
public final class CountingIntrospector implements TokenIntrospector {

    /** Around the cache: every opaque token looked up. */
    public static final String LOOKUPS = "apisec.gateway.phantom.lookups";
    /** Around the token server's client: the calls made. */
    public static final String INTROSPECTIONS = "apisec.gateway.introspections";

    private final TokenIntrospector source;
    private final Counter active;
    private final Counter inactive;
    private final Counter unavailable;
    private final Counter failed;

    /** @param name {@link #LOOKUPS} or {@link #INTROSPECTIONS} */
    public CountingIntrospector(TokenIntrospector source, MeterRegistry registry, String name) {
        this.source = Objects.requireNonNull(source, "source");
        this.active = counter(registry, name, "active");
        this.inactive = counter(registry, name, "inactive");
        this.unavailable = counter(registry, name, "unavailable");
        this.failed = counter(registry, name, "failed");
    }

    @Override
    public Future<IntrospectionOutcome> introspect(String opaqueToken) {
        return counted(source.introspect(opaqueToken));
    }

    @Override
    public Future<IntrospectionOutcome> introspect(String opaqueToken, String hash) {
        return counted(source.introspect(opaqueToken, hash));
    }

    @Override
    public boolean answerAtHand(String hash) {
        return source.answerAtHand(hash);
    }

    private Future<IntrospectionOutcome> counted(Future<IntrospectionOutcome> answered) {
        return answered.andThen(answer -> (switch (answer.succeeded() ? answer.result()
                : new IntrospectionOutcome.Failed("introspection failed")) {
            case IntrospectionOutcome.Active a -> active;
            case IntrospectionOutcome.Inactive i -> inactive;
            case IntrospectionOutcome.Unavailable u -> unavailable;
            case IntrospectionOutcome.Failed f -> failed;
        }).increment());
    }

    private static Counter counter(MeterRegistry registry, String name, String outcome) {
        return Counter.builder(name).tag("outcome", outcome).description(name.equals(LOOKUPS)
                ? "Opaque tokens looked up, from the cache or not, by outcome"
                : "Introspection calls to the token server, by outcome").register(registry);
    }
}
