package io.apisec.tokenserver.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Security events dropped from the database (still in the log), e.g. {@code SecurityEvents::dropped}.
 * A counter, since the count only grows: {@code rate()} works on it.
 */
public final class EventQueueMetrics implements MeterBinder {

    private final LongSupplier dropped;

    public EventQueueMetrics(LongSupplier dropped) {
        this.dropped = Objects.requireNonNull(dropped, "dropped");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        // Micrometer holds the state object weakly: the registry lives as long as the meter, the supplier may not.
        FunctionCounter.builder("apisec.security.events.dropped", registry, r -> dropped.getAsLong())
                .description("Security events not stored in the database (they are in the apisec.events log)")
                .register(registry);
    }
}
