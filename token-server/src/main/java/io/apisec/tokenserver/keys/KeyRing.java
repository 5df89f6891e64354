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
 * expired), {@code removed} (retired for longer than that, or revoked). Immutable; no I/O.
 */
public final class KeyRing {

    /** The lifecycle of a signing key. */
    public enum State { NEXT, CURRENT, RETIRED, REMOVED }

    private final List<StoredKey> activeNewestFirst;
    private final List<StoredKey> upcoming;
    private final List<StoredKey> removed;
    private final List<StoredKey> retired;

    KeyRing(List<StoredKey> keys, Instant now, RotationPolicy policy) {
        List<StoredKey> active = new ArrayList<>();
        List<StoredKey> next = new ArrayList<>();
        List<StoredKey> gone = new ArrayList<>();
        for (StoredKey key : keys) {
            if (key.isRevoked()) {
                gone.add(key);
            } else if (key.activatesAt().isAfter(now)) {
                next.add(key);
            } else {
                active.add(key);
            }
        }
        active.sort(Comparator.comparing(StoredKey::activatesAt).reversed());
        next.sort(Comparator.comparing(StoredKey::activatesAt));
        List<StoredKey> stillPublished = new ArrayList<>();
        for (int i = 1; i < active.size(); i++) {
            // A retired key signed until its successor activated; its tokens live at most maxTokenLifetime more.
            Instant supersededAt = active.get(i - 1).activatesAt();
            if (now.isBefore(supersededAt.plus(policy.maxTokenLifetime()))) {
                stillPublished.add(active.get(i));
            } else {
                gone.add(active.get(i));
            }
        }
        this.activeNewestFirst = List.copyOf(active);
        this.upcoming = List.copyOf(next);
        this.retired = List.copyOf(stillPublished);
        this.removed = List.copyOf(gone);
    }

    /** The key that signs now, if any. */
    public Optional<StoredKey> current() {
        return activeNewestFirst.isEmpty() ? Optional.empty() : Optional.of(activeNewestFirst.get(0));
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
