package io.apisec.tokenserver.claims;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The claims policy in force: the rules of the configuration file, then those added through the admin API.
 * Read from the database at most every {@link #MAX_AGE}: a change made on this node applies at once
 * ({@link #forget}); one made on another node sharing the database, within that time.
 */
public final class ClaimsDirectory implements ClaimsPolicySource {

    public static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final List<ClaimRule> configured;
    private final JdbcClaimRuleStore store;
    private final BiFunction<String, String, Optional<ClaimRule>> decoder;
    private final Clock clock;
    private volatile Snapshot snapshot;

    private record Snapshot(ClaimsPolicy policy, Instant loadedAt) {
    }

    /**
     * @param decoder a stored rule's name and JSON to a rule; empty when it is no longer valid, so it is not applied
     */
    public ClaimsDirectory(List<ClaimRule> configured, JdbcClaimRuleStore store,
                           BiFunction<String, String, Optional<ClaimRule>> decoder, Clock clock) {
        this.configured = List.copyOf(configured);
        this.store = store;
        this.decoder = decoder;
        this.clock = clock;
    }

    @Override
    public ClaimsPolicy current() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s == null || !now.isBefore(s.loadedAt().plus(MAX_AGE))) {
            s = new Snapshot(load(), now);
            snapshot = s;
        }
        return s.policy();
    }

    /** Reloads at the next use, after a change on this node. */
    public void forget() {
        snapshot = null;
    }

    private ClaimsPolicy load() {
        List<ClaimRule> rules = new ArrayList<>(configured);
        for (Map.Entry<String, String> stored : store.all().entrySet()) {
            boolean shadowed = configured.stream().anyMatch(rule -> rule.name().equals(stored.getKey()));
            if (!shadowed) {
                decoder.apply(stored.getKey(), stored.getValue()).ifPresent(rules::add);
            }
        }
        return new ClaimsPolicy(rules);
    }
}
