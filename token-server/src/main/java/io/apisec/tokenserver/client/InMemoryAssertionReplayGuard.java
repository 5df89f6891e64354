package io.apisec.tokenserver.client;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link AssertionReplayGuard} in memory, for one node (tests, embedding). When full it refuses new
 * assertions rather than forget used ones: forgetting would let a replay through.
 */
public final class InMemoryAssertionReplayGuard implements AssertionReplayGuard {

    private final Map<String, Instant> used = new ConcurrentHashMap<>();
    private final int capacity;
    private final Clock clock;

    public InMemoryAssertionReplayGuard(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public boolean firstUse(String clientId, String jti, Instant expiresAt) {
        if (used.size() >= capacity) {
            purgeExpired(clock.instant());
            if (used.size() >= capacity) {
                return false;
            }
        }
        return used.putIfAbsent(clientId + ' ' + jti, expiresAt) == null;
    }

    @Override
    public int purgeExpired(Instant before) {
        int size = used.size();
        used.values().removeIf(expiresAt -> expiresAt.isBefore(before));
        return size - used.size();
    }
}
