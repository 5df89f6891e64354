package io.apisec.tokenserver.claims;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The claims policy in force: the rules of the configuration file, then those added through the admin API.
 * Read from the database at most every {@link #MAX_AGE}: a change made on this node applies at once
 * ({@link #forget}); one made on another node sharing the database, within that time.
 */
public final class ClaimsDirectory implements ClaimsPolicySource {

    public static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final List<ClaimRule> configured;
    private final JdbcClaimRuleStore store;
    private final Function<Map<String, String>, List<ClaimRule>> decoder;
    private final Clock clock;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile Snapshot snapshot;

    private record Snapshot(ClaimsPolicy policy, Instant loadedAt) {
    }

    /**
     * @param decoder the stored rules (name to JSON) to rules, leaving out any no longer valid (not applied)
     */
    public ClaimsDirectory(List<ClaimRule> configured, JdbcClaimRuleStore store,
                           Function<Map<String, String>, List<ClaimRule>> decoder, Clock clock) {
        this.configured = List.copyOf(configured);
        this.store = store;
        this.decoder = decoder;
        this.clock = clock;
    }

    /** One thread reloads a stale policy; the others go on with the stale one meanwhile (never a stampede). */
    @Override
    public ClaimsPolicy current() {
        Snapshot s = snapshot;
        if (s != null && clock.instant().isBefore(s.loadedAt().plus(MAX_AGE))) {
            return s.policy();
        }
        if (s != null && !reloading.tryLock()) {
            return s.policy();
        }
        if (s == null) {
            reloading.lock();
        }
        try {
            Snapshot latest = snapshot;
            Instant now = clock.instant();
            if (latest == null || !now.isBefore(latest.loadedAt().plus(MAX_AGE))) {
                latest = new Snapshot(load(), now);
                snapshot = latest;
            }
            return latest.policy();
        } finally {
            reloading.unlock();
        }
    }

    /** Reloads at the next use, after a change on this node. */
    public void forget() {
        snapshot = null;
    }

    private ClaimsPolicy load() {
        Map<String, String> stored = new LinkedHashMap<>(store.all());
        configured.forEach(rule -> stored.remove(rule.name()));
        List<ClaimRule> rules = new ArrayList<>(configured);
        rules.addAll(decoder.apply(stored));
        return new ClaimsPolicy(rules);
    }
}
