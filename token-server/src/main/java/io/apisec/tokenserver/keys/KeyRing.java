package io.apisec.tokenserver.keys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where each stored key stands at one instant, computed from its times alone (no state column to get
 * out of step between nodes): {@code next} (published, not yet signing), {@code current} (the newest
 * activated key: it signs), {@code retired} (superseded, published until every token it signed has
 * expired, plus a short grace), {@code removed} (retired for longer than that, or revoked). Immutable; no I/O.
 */
public final class KeyRing {

    /**
     * Kept beyond the longest token lifetime: other nodes may switch keys up to one maintenance interval
     * (a minute) late, and clocks differ a little.
     */
    static final java.time.Duration RETENTION_GRACE = java.time.Duration.ofMinutes(2);

    /** The lifecycle of a signing key. */
    public enum State { NEXT, CURRENT, RETIRED, REMOVED }

    private final StoredKey current;
    private final Instant latestActivation;
    private final List<StoredKey> upcoming;
    private final List<StoredKey> removed;
    private final List<StoredKey> retired;

    KeyRing(List<StoredKey> keys, Instant now, RotationPolicy policy) {
        List<StoredKey> activated = new ArrayList<>();
        List<StoredKey> next = new ArrayList<>();
        List<StoredKey> gone = new ArrayList<>();
        for (StoredKey key : keys) {
            if (!key.activatesAt().isAfter(now)) {
                activated.add(key);
            } else if (key.isRevoked()) {
                gone.add(key);
            } else {
                next.add(key);
            }
        }
        // Revoked keys keep their place in the order: a key superseded once is never current again,
        // even when its successor is revoked (then no key is current and a new one is made).
        activated.sort(Comparator.comparing(StoredKey::activatesAt).reversed());
        next.sort(Comparator.comparing(StoredKey::activatesAt));
        List<StoredKey> stillPublished = new ArrayList<>();
        for (int i = 1; i < activated.size(); i++) {
            StoredKey key = activated.get(i);
            // A retired key signed until its successor activated; its tokens live at most maxTokenLifetime more.
            Instant supersededAt = activated.get(i - 1).activatesAt();
            if (!key.isRevoked() && now.isBefore(supersededAt.plus(policy.maxTokenLifetime()).plus(RETENTION_GRACE))) {
                stillPublished.add(key);
            } else {
                gone.add(key);
            }
        }
        StoredKey newest = activated.isEmpty() ? null : activated.get(0);
        this.latestActivation = newest == null ? null : newest.activatesAt();
        if (newest != null && newest.isRevoked()) {
            gone.add(newest);
            newest = null;
        }
        this.current = newest;
        this.upcoming = List.copyOf(next);
        this.retired = List.copyOf(stillPublished);
        this.removed = List.copyOf(gone);
    }

    /** The key that signs now, if any. */
    public Optional<StoredKey> current() {
        return Optional.ofNullable(current);
    }

    /** When the newest activated key (revoked or not) took over: a replacement must come after it. */
    public Optional<Instant> latestActivation() {
        return Optional.ofNullable(latestActivation);
    }

    /** The earliest key waiting to sign, if any. */
    public Optional<StoredKey> next() {
        return upcoming.isEmpty() ? Optional.empty() : Optional.of(upcoming.get(0));
    }

    /** What the JWKS publishes: next, current and retired keys. Never a revoked or removed one. */
    public List<StoredKey> published() {
        List<StoredKey> published = new ArrayList<>(upcoming);
        current().ifPresent(published::add);
        published.addAll(retired);
        return List.copyOf(published);
    }

    /** Keys that no token can need any more: their rows may be deleted. */
    public List<StoredKey> removed() {
        return removed;
    }

    public State stateOf(StoredKey key) {
        if (upcoming.contains(key)) {
            return State.NEXT;
        }
        if (current().filter(key::equals).isPresent()) {
            return State.CURRENT;
        }
        return retired.contains(key) ? State.RETIRED : State.REMOVED;
    }
}
