package io.apisec.tokenserver.events;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where security events are kept for audit. Blocking: call from worker threads. */
public interface EventStore {

    void append(List<SecurityEvent> events);

    /** The newest events first, optionally of one type, at most {@code limit}. */
    List<SecurityEvent> recent(Optional<SecurityEventType> type, int limit);

    /** Deletes events older than {@code before}; returns how many. */
    int purgeBefore(Instant before);
}
