package io.apisec.tokenserver.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Security events dropped from the database (still in the log), e.g. {@code SecurityEvents::dropped}, and
 * refusals beyond the per-second budget, neither logged nor stored one by one ({@code SecurityEvents::suppressed};
 * the refusal counters still count them). Counters, since the counts only grow: {@code rate()} works on them.
 */
public final class EventQueueMetrics implements MeterBinder {

    private final LongSupplier dropped;
    private final LongSupplier suppressed;

    public EventQueueMetrics(LongSupplier dropped, LongSupplier suppressed) {
        this.dropped = Objects.requireNonNull(dropped, "dropped");
        this.suppressed = Objects.requireNonNull(suppressed, "suppressed");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        // Micrometer holds the state object weakly: the registry lives as long as the meter, the supplier may not.
        FunctionCounter.builder("apisec.security.events.dropped", registry, r -> dropped.getAsLong())
                .description("Security events not stored in the database (they are in the apisec.events log)")
                .register(registry);
        FunctionCounter.builder("apisec.security.events.suppressed", registry, r -> suppressed.getAsLong())
                .description("Refusal events beyond the per-second budget: counted, not logged or stored one by one")
                .register(registry);
    }
}
