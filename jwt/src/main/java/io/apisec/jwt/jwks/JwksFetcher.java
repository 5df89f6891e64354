package io.apisec.jwt.jwks;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetRetrievalException;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The bottom of the key-source chain: one read of the key set, reduced to public keys, checked, and
 * counted for metrics. Nimbus's caching, refresh-ahead and outage-tolerance layers sit above it, so
 * every kind of source gets the same rules; a subclass only says where the set comes from.
 */
abstract class JwksFetcher implements JWKSetSource<SecurityContext> {

    // Named after the subclass, so log settings for HttpJwksFetcher keep working.
    private final Logger log = LoggerFactory.getLogger(getClass());

    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final List<KeySetListener> listeners = new CopyOnWriteArrayList<>();

    private volatile JWKSet lastGoodSet;
    private volatile long lastSuccessMillis = Long.MIN_VALUE;
    private volatile boolean lastAttemptFailed;
    private volatile String lastError;

    /** The set as its source holds it: it may still carry private parts or keys we cannot use. */
    abstract JWKSet read() throws IOException, ParseException;

    /** Where the keys come from, for messages and logs. */
    abstract String describeSource();

    @Override
    public final JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime,
                                  SecurityContext context) throws KeySourceException {
        fetches.incrementAndGet();
        try {
            JWKSet set = read().toPublicJWKSet();
            if (set.getKeys().stream().noneMatch(JwksFetcher::canVerifySignatures)) {
                // An empty or unusable set is a broken source, not a rotation: keep the last good one.
                throw new IOException("the JWKS holds no public signature-verification key");
            }
            recordSuccess(set, currentTime);
            return set;
        } catch (IOException | ParseException | RuntimeException e) {
            failures.incrementAndGet();
            lastAttemptFailed = true;
            lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.warn("JWKS fetch from {} failed: {}", describeSource(), lastError);
            throw new JWKSetRetrievalException("Couldn't retrieve the JWK set from " + describeSource()
                    + ": " + lastError, e);
        }
    }

    private void recordSuccess(JWKSet set, long currentTime) {
        JWKSet previous = lastGoodSet;
        lastGoodSet = set;
        lastSuccessMillis = currentTime;
        lastAttemptFailed = false;
        lastError = null;
        Set<String> before = previous == null ? Set.of() : keyIds(previous);
        Set<String> after = keyIds(set);
        if (!before.equals(after) || previous == null) {
            Set<String> added = new HashSet<>(after);
            added.removeAll(before);
            Set<String> removed = new HashSet<>(before);
            removed.removeAll(after);
            log.info("JWKS from {} now holds {} key(s); added {}, removed {}",
                    describeSource(), set.size(), added, removed);
            for (KeySetListener listener : listeners) {
                listener.keySetChanged(Set.copyOf(added), Set.copyOf(removed));
            }
        }
    }

    private static boolean canVerifySignatures(JWK key) {
        return (key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse()))
                && (key.getKeyType() == KeyType.RSA || key.getKeyType() == KeyType.EC || key.getKeyType() == KeyType.OKP);
    }

    private static Set<String> keyIds(JWKSet set) {
        return set.getKeys().stream().map(JWK::getKeyID).filter(id -> id != null)
                .collect(Collectors.toUnmodifiableSet());
    }

    final void addListener(KeySetListener listener) {
        listeners.add(listener);
    }

    final long fetches() {
        return fetches.get();
    }

    final long failures() {
        return failures.get();
    }

    final boolean lastAttemptFailed() {
        return lastAttemptFailed;
    }

    final String lastError() {
        return lastError;
    }

    final long lastSuccessMillis() {
        return lastSuccessMillis;
    }

    final int keysHeld() {
        JWKSet set = lastGoodSet;
        return set == null ? 0 : set.size();
    }

    @Override
    public void close() {
        // Nothing is held between reads.
    }
}
