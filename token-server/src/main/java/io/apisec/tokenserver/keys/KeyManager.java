package io.apisec.tokenserver.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.apisec.tokenserver.oauth.RandomTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs the key lifecycle next → current → retired → removed (practice 11). {@link #maintain()}, called
 * at start and then every minute, reads the stored keys, makes the current key when there is none, makes
 * the next key a {@link RotationPolicy#prepublish() prepublish} period before the current one's time is up,
 * and deletes keys no token can need. No anchor schedules rotation with pre-publication; this does: a
 * verifier that refreshes its JWKS at least once per prepublish period never meets an unknown kid.
 * Several nodes may share one database: each reads the keys every time, and two nodes preparing the same
 * rotation produce one key (the activation time is unique).
 */
public final class KeyManager {

    private static final Logger LOG = LoggerFactory.getLogger(KeyManager.class);

    private final SigningKeyRepository repository;
    private final MasterKey masterKey;
    private final RotationPolicy policy;
    private final Clock clock;
    private volatile Snapshot snapshot;
    private volatile KeyCreationListener creationListener = (key, why) -> { };

    /** Told of each key this node creates (security events). */
    @FunctionalInterface
    public interface KeyCreationListener {
        void created(StoredKey key, String why);
    }

    /** What this node signs with and publishes; {@code next} is decrypted ahead, to switch at its time exactly. */
    private record Snapshot(KeyRing ring, JWKSet publicKeys, SigningKey current, SigningKey next, Instant nextAt) {
    }

    public KeyManager(SigningKeyRepository repository, MasterKey masterKey, RotationPolicy policy, Clock clock) {
        this.repository = repository;
        this.masterKey = masterKey;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Brings the stored keys in line with the policy and refreshes what this node signs with and publishes.
     * Blocking (database): call from a worker thread.
     *
     * @throws KeyDecryptionException when the current key does not decrypt under the master key
     */
    public synchronized void maintain() throws KeyDecryptionException {
        Instant now = clock.instant();
        KeyRing ring = load(now);
        if (ring.current().isEmpty()) {
            // After a revocation the replacement must come after the revoked key (the newest activation
            // signs); in the rare case that is this very millisecond, the next one.
            Instant start = now;
            Instant at = ring.latestActivation().map(t -> t.plusMillis(1)).filter(t -> t.isAfter(start)).orElse(start);
            StoredKey created = create(at, "no key signs now");
            now = created.activatesAt().isAfter(now) ? created.activatesAt() : now;
            ring = load(now);
        }
        StoredKey current = ring.current().orElseThrow();
        Instant successorDue = current.activatesAt().plus(policy.rotationPeriod());
        if (ring.next().isEmpty() && !now.isBefore(successorDue.minus(policy.prepublish()))) {
            Instant earliest = now.plus(policy.prepublish());
            create(successorDue.isAfter(earliest) ? successorDue : earliest, "scheduled rotation");
            ring = load(now);
        }
        for (StoredKey removed : ring.removed()) {
            if (removed.isRevoked() && removed.activatesAt().plus(policy.rotationPeriod()).isAfter(now)) {
                // Keep a revoked key's row a while: it tells every node the key must not come back.
                continue;
            }
            repository.delete(removed.kid());
            LOG.info("Signing key {} removed from the JWKS: no token it signed can still be valid", removed.kid());
        }
        publish(ring);
    }

    /**
     * Manual rotation: publishes a new key now that signs after the prepublish period. When a next key is
     * already waiting, that one stays and is returned.
     */
    public synchronized StoredKey rotate() throws KeyDecryptionException {
        Instant now = clock.instant();
        Optional<StoredKey> waiting = load(now).next();
        if (waiting.isPresent()) {
            return waiting.get();
        }
        StoredKey next = create(now.plus(policy.prepublish()), "manual rotation");
        publish(load(now));
        return next;
    }

    /**
     * Emergency revocation: the key stops signing and leaves the JWKS at once, so every token it signed
     * stops validating once verifiers refresh. When it was the current key, a new one signs immediately.
     *
     * @return false when no published key has that kid (nothing changed)
     */
    public synchronized boolean revoke(String kid) throws KeyDecryptionException {
        Instant now = clock.instant();
        if (load(now).published().stream().noneMatch(k -> k.kid().equals(kid))) {
            return false;
        }
        repository.revoke(kid, now);
        LOG.warn("Signing key {} revoked: removed from the JWKS, tokens it signed will be refused", kid);
        maintain();
        return true;
    }

    /** The published keys (next, current, retired) as of now, oldest activation first. Blocking (database). */
    public synchronized List<KeyStatus> status() {
        KeyRing ring = load(clock.instant());
        return ring.published().stream().sorted(java.util.Comparator.comparing(StoredKey::activatesAt))
                .map(k -> new KeyStatus(k.kid(), k.algorithm(), ring.stateOf(k), k.createdAt(),
                k.activatesAt())).toList();
    }

    /** The key to sign with now. */
    public SigningKey currentKey() {
        Snapshot s = requireSnapshot();
        // Every node switches at the next key's activation time, not at its next maintenance.
        return s.next() != null && !clock.instant().isBefore(s.nextAt()) ? s.next() : s.current();
    }

    /** When the key that signs now started signing. From memory (the last maintain()): safe on an event loop. */
    public Instant currentActivatedAt() {
        Snapshot s = requireSnapshot();
        return s.next() != null && !clock.instant().isBefore(s.nextAt()) ? s.nextAt()
                : s.ring().current().orElseThrow().activatesAt();
    }

    /** When the waiting next key starts signing, if one waits. From memory, like {@link #currentActivatedAt()}. */
    public Optional<Instant> nextActivatesAt() {
        Snapshot s = requireSnapshot();
        return Optional.ofNullable(s.nextAt()).filter(clock.instant()::isBefore);
    }

    /** The public keys to publish: next, current and retired. */
    public JWKSet publicKeys() {
        return requireSnapshot().publicKeys();
    }

    /** Whether a key can sign: for the readiness check. */
    public boolean isReady() {
        return snapshot != null;
    }

    public void onKeyCreated(KeyCreationListener listener) {
        this.creationListener = listener;
    }

    /** Where {@code kid} stands, as of the last {@link #maintain()}. */
    public KeyRing.State stateOf(String kid) {
        KeyRing ring = requireSnapshot().ring();
        return ring.published().stream().filter(k -> k.kid().equals(kid)).findFirst()
                .map(ring::stateOf).orElse(KeyRing.State.REMOVED);
    }

    private Snapshot requireSnapshot() {
        Snapshot s = snapshot;
        if (s == null) {
            throw new IllegalStateException("keys not loaded: call maintain() at start");
        }
        return s;
    }

    private KeyRing load(Instant now) {
        return new KeyRing(repository.findAll(), now, policy);
    }

    private StoredKey create(Instant activatesAt, String why) {
        String kid = newKid();
        JWK generated = policy.algorithm().generate(kid);
        StoredKey key = new StoredKey(kid, policy.algorithm(), generated.toPublicJWK(),
                masterKey.encrypt(generated.toJSONString().getBytes(StandardCharsets.UTF_8), kid),
                clock.instant(), activatesAt, Optional.empty());
        if (repository.insert(key)) {
            LOG.info("Signing key {} ({}) created for {}: published now, signs from {}", kid, policy.algorithm(), why,
                    activatesAt);
            creationListener.created(key, why);
            return key;
        }
        Optional<StoredKey> holder = repository.findAll().stream()
                .filter(k -> k.activatesAt().equals(activatesAt)).findFirst();
        if (holder.isPresent() && !holder.get().isRevoked()) {
            LOG.info("Another node created the key for {} first; using it", activatesAt);
            return holder.get();
        }
        // A revoked key holds this activation time: the replacement takes the next millisecond.
        return create(activatesAt.plusMillis(1), why);
    }

    private void publish(KeyRing ring) throws KeyDecryptionException {
        StoredKey current = ring.current().orElseThrow();
        Snapshot previous = snapshot;
        SigningKey signing = previous != null && previous.current().kid().equals(current.kid()) ? previous.current()
                : previous != null && previous.next() != null && previous.next().kid().equals(current.kid())
                ? previous.next() : decrypt(current);
        List<com.nimbusds.jose.jwk.JWK> published = ring.published().stream().map(StoredKey::publicJwk).toList();
        // The same set object while nothing changes: what serves and caches it can tell a change by identity.
        JWKSet publicKeys = previous != null && previous.publicKeys().getKeys().equals(published)
                ? previous.publicKeys() : new JWKSet(published);
        Optional<StoredKey> next = ring.next();
        SigningKey nextSigning = null;
        if (next.isPresent()) {
            nextSigning = previous != null && previous.next() != null && previous.next().kid().equals(next.get().kid())
                    ? previous.next() : decrypt(next.get());
        }
        snapshot = new Snapshot(ring, publicKeys, signing, nextSigning, next.map(StoredKey::activatesAt).orElse(null));
    }

    private SigningKey decrypt(StoredKey key) throws KeyDecryptionException {
        byte[] json = masterKey.decrypt(key.sealedPrivate(), key.kid());
        try {
            JWK privateJwk = JWK.parse(new String(json, StandardCharsets.UTF_8));
            if (!privateJwk.isPrivate() || !key.kid().equals(privateJwk.getKeyID())) {
                throw new KeyDecryptionException("stored key " + key.kid() + " does not hold its private half");
            }
            return new SigningKey(key.kid(), key.algorithm(), privateJwk);
        } catch (ParseException e) {
            throw new KeyDecryptionException("stored key " + key.kid() + " is not a JWK after decryption");
        }
    }

    private static String newKid() {
        return RandomTokens.of(12);
    }
}
