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
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The bottom of the key-source chain: one HTTP GET of the JWKS (after discovering its URL when
 * configured with an issuer), parsed by Nimbus, reduced to public keys, and counted for metrics.
 * Nimbus's caching, refresh-ahead and outage-tolerance layers sit above it.
 */
final class HttpJwksFetcher implements JWKSetSource<SecurityContext> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpJwksFetcher.class);

    private final ResourceRetriever retriever;
    private final IssuerDiscovery discovery;
    private volatile URI jwksUri;

    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final List<KeySetListener> listeners = new CopyOnWriteArrayList<>();

    private volatile JWKSet lastGoodSet;
    private volatile long lastSuccessMillis = Long.MIN_VALUE;
    private volatile boolean lastAttemptFailed;
    private volatile String lastError;

    HttpJwksFetcher(URI jwksUri, IssuerDiscovery discovery, ResourceRetriever retriever) {
        this.jwksUri = jwksUri;
        this.discovery = discovery;
        this.retriever = retriever;
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
            throws KeySourceException {
        fetches.incrementAndGet();
        try {
            URI uri = resolveJwksUri();
            Resource resource = retriever.retrieveResource(uri.toURL());
            JWKSet set = JWKSet.parse(resource.getContent()).toPublicJWKSet();
            if (set.getKeys().stream().noneMatch(HttpJwksFetcher::canVerifySignatures)) {
                // An empty or unusable set is a broken endpoint, not a rotation: keep the last good one.
                throw new IOException("the JWKS holds no public signature-verification key");
            }
            recordSuccess(set, currentTime);
            return set;
        } catch (IOException | java.text.ParseException | RuntimeException e) {
            failures.incrementAndGet();
            lastAttemptFailed = true;
            lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("JWKS fetch from {} failed: {}", describeSource(), lastError);
            throw new JWKSetRetrievalException("Couldn't retrieve the JWK set from " + describeSource()
                    + ": " + lastError, e);
        }
    }

    private URI resolveJwksUri() throws IOException {
        URI uri = jwksUri;
        if (uri == null) {
            uri = discovery.discoverJwksUri();
            LOG.info("Discovered jwks_uri {} from the issuer's metadata", uri);
            jwksUri = uri;
        }
        return uri;
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
            LOG.info("JWKS from {} now holds {} key(s); added {}, removed {}",
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

    String describeSource() {
        URI uri = jwksUri;
        return uri != null ? uri.toString() : "the metadata of " + discovery.metadataLocations().get(0);
    }

    void addListener(KeySetListener listener) {
        listeners.add(listener);
    }

    long fetches() {
        return fetches.get();
    }

    long failures() {
        return failures.get();
    }

    boolean lastAttemptFailed() {
        return lastAttemptFailed;
    }

    String lastError() {
        return lastError;
    }

    long lastSuccessMillis() {
        return lastSuccessMillis;
    }

    int keysHeld() {
        JWKSet set = lastGoodSet;
        return set == null ? 0 : set.size();
    }

    @Override
    public void close() {
        // HttpURLConnection holds nothing between fetches.
    }
}
