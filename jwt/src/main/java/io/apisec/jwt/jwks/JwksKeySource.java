package io.apisec.jwt.jwks;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import io.apisec.jwt.KeySourceUnavailableException;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The signing keys of one issuer, fetched from its JWKS (practice 11). It does at once what gateways
 * usually do only in part:
 * <ol>
 *   <li>caches the key set and refreshes it ahead of expiry, in the background (Nimbus's
 *       refresh-ahead cache);</li>
 *   <li>on a {@code kid} it does not hold, refetches at most once per {@link Builder#unknownKeyRefreshInterval
 *       interval}, all concurrent misses sharing that one fetch; a miss inside the interval is answered
 *       from the set held, so a flood of made-up {@code kid}s cannot flood the issuer;</li>
 *   <li>serves the last-known-good keys through an outage of the endpoint, up to
 *       {@link Builder#outageTolerance a bound}; after it, and for any unknown {@code kid} while the
 *       endpoint is down, it fails with a key-source error (503), never with "invalid token";</li>
 *   <li>fetches over HTTPS only (plain HTTP on loopback), with connect and read timeouts and a limit on
 *       the response size, and keeps only public keys;</li>
 *   <li>reports {@link #status() health and metrics}.</li>
 * </ol>
 * Keys are found by {@code kid} (and type, use and algorithm) in this set only: the {@code jku},
 * {@code x5u}, {@code jwk} and {@code x5c} headers of a token are never used. Time comes from the
 * {@link Builder#clock clock}, so tests move it rather than sleep.
 *
 * <p>Instead of an HTTP endpoint, the set can be {@link Builder#localKeys keys held in process}, read
 * under the same cache, refetch and outage rules.
 */
public final class JwksKeySource implements JWKSource<SecurityContext>, AutoCloseable {

    private final JwksFetcher fetcher;
    private final URI issuer;
    private final JWKSetSource<SecurityContext> cachedSource;
    private final Clock clock;
    private final long unknownKeyRefreshMillis;
    private final long outageToleranceMillis;
    private final long refreshTimeoutMillis;

    private final ReentrantLock unknownKeyLock = new ReentrantLock();
    private long lastUnknownKeyRefresh = Long.MIN_VALUE; // guarded by unknownKeyLock

    private JwksKeySource(Builder b) {
        this.issuer = b.issuer;
        this.fetcher = b.localKeys != null ? new LocalJwksFetcher(b.localKeys) : httpFetcher(b);
        this.clock = b.clock;
        this.unknownKeyRefreshMillis = b.unknownKeyRefreshInterval.toMillis();
        this.outageToleranceMillis = b.outageTolerance.toMillis();
        this.refreshTimeoutMillis = b.connectTimeout.plus(b.readTimeout).plusSeconds(1).toMillis();
        JWKSource<SecurityContext> built = JWKSourceBuilder.create(fetcher)
                .cache(b.cacheTtl.toMillis(), refreshTimeoutMillis)
                .refreshAheadCache(b.refreshAhead.toMillis(), true)
                .outageTolerant(outageToleranceMillis)
                // Rate limiting is ours (see refreshForUnknownKey): Nimbus's would answer a made-up kid
                // with a key-source error, which callers must report as 503 rather than as a bad token.
                .rateLimited(false)
                .retrying(false)
                .build();
        this.cachedSource = ((JWKSetBasedJWKSource<SecurityContext>) built).getJWKSetSource();
    }

    private static HttpJwksFetcher httpFetcher(Builder b) {
        NoRedirectRetriever retriever = new NoRedirectRetriever((int) b.connectTimeout.toMillis(),
                (int) b.readTimeout.toMillis(), b.maxResponseBytes,
                b.sslContext == null ? null : b.sslContext.getSocketFactory());
        IssuerDiscovery discovery = b.issuer == null ? null : new IssuerDiscovery(b.issuer, retriever);
        return new HttpJwksFetcher(b.jwksUri, discovery, retriever);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        long now = clock.millis();
        JWKSet held = cachedSource.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
        requireWithinOutageBound(now);
        List<JWK> matches = selector.select(held);
        if (!matches.isEmpty()) {
            return matches;
        }
        matches = selector.select(refreshForUnknownKey(held, now, context));
        if (matches.isEmpty() && fetcher.lastAttemptFailed()) {
            throw new JWKSetUnavailableException("The token names a key that is not in the cached JWKS, and "
                    + fetcher.describeSource() + " cannot be reached to look for it: " + fetcher.lastError());
        }
        return matches;
    }

    /** One fetch per interval for unknown keys; threads that waited for it share its result. */
    private JWKSet refreshForUnknownKey(JWKSet seen, long now, SecurityContext context) throws KeySourceException {
        try {
            if (!unknownKeyLock.tryLock(refreshTimeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new JWKSetUnavailableException("Timed out waiting for a JWKS refresh from "
                        + fetcher.describeSource());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JWKSetUnavailableException("Interrupted while waiting for a JWKS refresh", e);
        }
        try {
            JWKSet current = cachedSource.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
            if (current != seen) {
                return current;
            }
            boolean intervalPassed = lastUnknownKeyRefresh == Long.MIN_VALUE
                    || now - lastUnknownKeyRefresh >= unknownKeyRefreshMillis;
            if (!intervalPassed) {
                return current;
            }
            lastUnknownKeyRefresh = now;
            return cachedSource.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(current), now, context);
        } finally {
            unknownKeyLock.unlock();
        }
    }

    private void requireWithinOutageBound(long now) throws JWKSetUnavailableException {
        if (!withinOutageBound(now)) {
            throw new JWKSetUnavailableException("The JWKS from " + fetcher.describeSource()
                    + " has not been refreshed for longer than the outage tolerance of "
                    + Duration.ofMillis(outageToleranceMillis) + ": " + fetcher.lastError());
        }
    }

    private boolean withinOutageBound(long now) {
        long last = fetcher.lastSuccessMillis();
        return last != Long.MIN_VALUE && now - last < outageToleranceMillis;
    }

    /**
     * The key the current set, refreshed as its cache lifetime requires, holds under {@code keyId}. A
     * validation cache compares it with the key that verified a token before trusting that result
     * again, so a key removed, or replaced under the same kid, stops validating.
     *
     * @throws KeySourceUnavailableException when no set can be served (never fetched, or past the outage bound)
     */
    public Optional<JWK> currentKey(String keyId) throws KeySourceUnavailableException {
        try {
            long now = clock.millis();
            JWKSet held = cachedSource.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, null);
            requireWithinOutageBound(now);
            return Optional.ofNullable(held.getKeyByKeyId(keyId));
        } catch (KeySourceException e) {
            throw new KeySourceUnavailableException(e.getMessage(), e);
        }
    }

    /** The issuer whose metadata locates the JWKS, when built with {@link Builder#issuer}; else empty. */
    public Optional<URI> issuer() {
        return Optional.ofNullable(issuer);
    }

    /**
     * Fetches the key set now if none is held, for a readiness check at start-up.
     *
     * @throws KeySourceUnavailableException when it cannot be fetched
     */
    public void load() throws KeySourceUnavailableException {
        try {
            long now = clock.millis();
            cachedSource.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, null);
            requireWithinOutageBound(now);
        } catch (KeySourceException e) {
            throw new KeySourceUnavailableException(e.getMessage(), e);
        }
    }

    /** Health and metrics: fetches, failures, keys held, age of the set. */
    public JwksStatus status() {
        long now = clock.millis();
        long last = fetcher.lastSuccessMillis();
        boolean held = last != Long.MIN_VALUE;
        JwksStatus.Health health = !withinOutageBound(now) ? JwksStatus.Health.DOWN
                : fetcher.lastAttemptFailed() ? JwksStatus.Health.DEGRADED : JwksStatus.Health.UP;
        return new JwksStatus(health, fetcher.fetches(), fetcher.failures(), held ? fetcher.keysHeld() : 0,
                held ? Optional.of(Instant.ofEpochMilli(last)) : Optional.empty(),
                held ? Duration.ofMillis(Math.max(0, now - last)) : Duration.ZERO,
                Optional.ofNullable(fetcher.lastError()));
    }

    /** Registers a listener told of keys added to and removed from the set. */
    public void addKeySetListener(KeySetListener listener) {
        fetcher.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops the background refresh. */
    @Override
    public void close() {
        try {
            cachedSource.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds a {@link JwksKeySource}; every setting is checked in {@link #build()}. */
    public static final class Builder {
        private static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);

        private URI jwksUri;
        private URI issuer;
        private Supplier<JWKSet> localKeys;
        private SSLContext sslContext;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration readTimeout = Duration.ofSeconds(3);
        private int maxResponseBytes = 256 * 1024;
        private Duration cacheTtl = Duration.ofMinutes(5);
        private Duration refreshAhead = Duration.ofSeconds(30);
        private Duration unknownKeyRefreshInterval = Duration.ofSeconds(30);
        private Duration outageTolerance = Duration.ofHours(1);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The JWKS URL. HTTPS, except on loopback. Exclusive with {@link #issuer} and {@link #localKeys}. */
        public Builder jwksUri(URI jwksUri) {
            this.jwksUri = Objects.requireNonNull(jwksUri, "jwksUri");
            return this;
        }

        /** The JWKS URL. HTTPS, except on loopback. Exclusive with {@link #issuer} and {@link #localKeys}. */
        public Builder jwksUri(String jwksUri) {
            return jwksUri(URI.create(Objects.requireNonNull(jwksUri, "jwksUri")));
        }

        /**
         * Discover the JWKS URL from this issuer's RFC 8414 (then OpenID) metadata, on first use.
         * The metadata must name this exact issuer. Exclusive with {@link #jwksUri} and {@link #localKeys}.
         */
        public Builder issuer(URI issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /**
         * Serve keys this process holds, instead of a JWKS fetched over HTTP: for a token server that
         * checks the tokens it issued itself. {@code keys} is read on each cache refresh, under the
         * same rules as a remote JWKS: a rotated key is seen within {@link #cacheTtl}, or at the first
         * token naming it (at most one read per {@link #unknownKeyRefreshInterval}). Only the public
         * parts of its keys are kept. A set without a public signature key, {@code null}, or an
         * exception from {@code keys} is a failed fetch: the last good set is served up to
         * {@link #outageTolerance}. It is called from validating threads and the background refresh,
         * so it must be thread-safe and quick.
         *
         * <p>Exclusive with {@link #jwksUri} and {@link #issuer}; {@link #sslContext} does not apply.
         * The key source then has no {@link JwksKeySource#issuer() issuer}: the validator's issuer
         * setting alone is checked against the tokens' {@code iss}.
         *
         * @param keys the current key set, private keys allowed (they are stripped)
         */
        public Builder localKeys(Supplier<JWKSet> keys) {
            this.localKeys = Objects.requireNonNull(keys, "localKeys");
            return this;
        }

        /** Trust for the JWKS endpoint's certificate; default: the JVM's trust store. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /** Default 2 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** Default 3 s. */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
            return this;
        }

        /** A larger JWKS response is refused. Default 256 KiB. */
        public Builder maxResponseBytes(int maxResponseBytes) {
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /** How long a fetched set is used before it is fetched again. Default 5 min. */
        public Builder cacheTtl(Duration cacheTtl) {
            this.cacheTtl = Objects.requireNonNull(cacheTtl, "cacheTtl");
            return this;
        }

        /** How long before expiry the background refresh starts. Default 30 s. */
        public Builder refreshAhead(Duration refreshAhead) {
            this.refreshAhead = Objects.requireNonNull(refreshAhead, "refreshAhead");
            return this;
        }

        /** At most one refetch per this interval for tokens naming an unknown key. Default 30 s. */
        public Builder unknownKeyRefreshInterval(Duration interval) {
            this.unknownKeyRefreshInterval = Objects.requireNonNull(interval, "unknownKeyRefreshInterval");
            return this;
        }

        /** How long the last-known-good set is served while the endpoint fails. Default 1 h. */
        public Builder outageTolerance(Duration outageTolerance) {
            this.outageTolerance = Objects.requireNonNull(outageTolerance, "outageTolerance");
            return this;
        }

        /** The clock for cache ages and intervals; tests inject one. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public JwksKeySource build() {
            requireOneKeyLocation();
            if (jwksUri != null) {
                EndpointRule.requireSecure("jwksUri", jwksUri);
            } else if (issuer != null) {
                EndpointRule.requireSecure("issuer", issuer);
            } else if (sslContext != null) {
                throw new IllegalStateException("sslContext: not used with localKeys, which fetch nothing over "
                        + "the network; leave it unset");
            }
            requireBetween("connectTimeout", connectTimeout, Duration.ofMillis(1), MAX_TIMEOUT);
            requireBetween("readTimeout", readTimeout, Duration.ofMillis(1), MAX_TIMEOUT);
            if (maxResponseBytes < 1024 || maxResponseBytes > 10 * 1024 * 1024) {
                throw new IllegalStateException("maxResponseBytes: " + maxResponseBytes
                        + " is outside 1 KiB .. 10 MiB");
            }
            requireBetween("cacheTtl", cacheTtl, Duration.ofSeconds(1), Duration.ofDays(1));
            requireBetween("unknownKeyRefreshInterval", unknownKeyRefreshInterval, Duration.ofSeconds(1),
                    Duration.ofHours(1));
            if (unknownKeyRefreshInterval.compareTo(cacheTtl) >= 0) {
                throw new IllegalStateException("unknownKeyRefreshInterval: " + unknownKeyRefreshInterval
                        + " must be shorter than cacheTtl (" + cacheTtl + ")");
            }
            Duration refreshTimeout = connectTimeout.plus(readTimeout).plusSeconds(1);
            if (refreshAhead.isNegative() || refreshAhead.plus(refreshTimeout).compareTo(cacheTtl) > 0) {
                throw new IllegalStateException("refreshAhead: " + refreshAhead + " plus the fetch timeouts ("
                        + refreshTimeout + ") must fit inside cacheTtl (" + cacheTtl + ")");
            }
            if (outageTolerance.compareTo(cacheTtl) < 0) {
                throw new IllegalStateException("outageTolerance: " + outageTolerance
                        + " must be at least cacheTtl (" + cacheTtl + ")");
            }
            return new JwksKeySource(this);
        }

        private void requireOneKeyLocation() {
            List<String> set = new ArrayList<>();
            if (jwksUri != null) {
                set.add("jwksUri");
            }
            if (issuer != null) {
                set.add("issuer");
            }
            if (localKeys != null) {
                set.add("localKeys");
            }
            if (set.size() != 1) {
                throw new IllegalStateException("jwksUri / issuer / localKeys: set exactly one: the JWKS URL, the "
                        + "issuer whose metadata names it, or the keys held in process; "
                        + (set.isEmpty() ? "none is set" : String.join(" and ", set) + " are set"));
            }
        }

        private static void requireBetween(String setting, Duration value, Duration min, Duration max) {
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalStateException(setting + ": " + value + " is outside " + min + " .. " + max);
            }
        }
    }
}
