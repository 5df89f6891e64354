package io.apisec.gateway.phantom;

import com.nimbusds.jose.jwk.JWK;
import io.apisec.jwt.AccessToken;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.jwt.testing.LocalKeys;
import io.apisec.jwt.testing.TestClock;
import io.apisec.jwt.testing.TestKeys;
import io.apisec.jwt.testing.TestTokens;
import io.apisec.tokenserver.token.TokenHash;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PhantomTokenCacheTest {

    private final TestClock clock = TestClock.atNow();
    private final JWK key = TestKeys.rsa("k1");
    private final List<Promise<IntrospectionOutcome>> calls = new ArrayList<>();
    private final AtomicInteger introspections = new AtomicInteger();
    private final TokenIntrospector source = token -> {
        introspections.incrementAndGet();
        Promise<IntrospectionOutcome> promise = Promise.promise();
        calls.add(promise);
        return promise.future();
    };
    private final RevokedTokens revoked = new RevokedTokens(Duration.ofMinutes(6), clock);
    private final PhantomTokenCache cache = new PhantomTokenCache(source, Duration.ofMinutes(5), 1_000,
            Duration.ofSeconds(10), 3, revoked, clock);

    @Test
    void concurrentMissesForOneTokenShareOneIntrospection() {
        Future<IntrospectionOutcome> first = cache.introspect("opaque-1");
        Future<IntrospectionOutcome> second = cache.introspect("opaque-1");
        assertThat(introspections).hasValue(1);

        IntrospectionOutcome.Active active = active(Duration.ofMinutes(1));
        calls.get(0).complete(active);

        assertThat(first.result()).isSameAs(active);
        assertThat(second.result()).isSameAs(active);
        assertThat(cache.introspect("opaque-1").result()).as("then served from the cache").isSameAs(active);
        assertThat(introspections).hasValue(1);
    }

    @Test
    void anActiveTokenIsServedUntilItsCacheLimitAndNeverBeyondTheConfiguredMaximum() {
        cache.introspect("short");
        calls.get(0).complete(active(Duration.ofSeconds(30)));
        clock.advance(Duration.ofSeconds(29));
        cache.introspect("short");
        assertThat(introspections).hasValue(1);
        clock.advance(Duration.ofSeconds(2));
        cache.introspect("short");
        assertThat(introspections).as("past its cacheUntil: asked again").hasValue(2);

        cache.introspect("long");
        calls.get(2).complete(active(Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        cache.introspect("long");
        assertThat(introspections).as("the 5-minute maximum wins over a later cacheUntil").hasValue(4);
    }

    @Test
    void inactiveAnswersAreKeptBrieflyAndInBoundedNumber() {
        cache.introspect("dead");
        calls.get(0).complete(new IntrospectionOutcome.Inactive());
        assertThat(cache.introspect("dead").result()).isInstanceOf(IntrospectionOutcome.Inactive.class);
        assertThat(introspections).hasValue(1);
        clock.advance(Duration.ofSeconds(11));
        cache.introspect("dead");
        assertThat(introspections).as("after the 10 s inactive lifetime").hasValue(2);
        calls.get(1).complete(new IntrospectionOutcome.Inactive());

        for (int i = 0; i < 20; i++) {
            cache.introspect("random-" + i);
            calls.get(calls.size() - 1).complete(new IntrospectionOutcome.Inactive());
        }
        int before = introspections.get();
        for (int i = 0; i < 20; i++) {
            cache.introspect("random-" + i);
        }
        assertThat(introspections.get() - before).as("at most 3 inactive answers are kept").isGreaterThanOrEqualTo(17);
    }

    @Test
    void anUnavailableTokenServerOrAFailureIsNeverCached() {
        cache.introspect("t");
        calls.get(0).complete(new IntrospectionOutcome.Unavailable("down"));
        cache.introspect("t");
        calls.get(1).complete(new IntrospectionOutcome.Failed("odd"));
        cache.introspect("t");
        calls.get(2).fail(new IllegalStateException("boom"));
        Future<IntrospectionOutcome> afterFailure = cache.introspect("t");
        assertThat(introspections).hasValue(4);
        calls.get(3).complete(new IntrospectionOutcome.Unavailable("down"));
        assertThat(afterFailure.result()).isInstanceOf(IntrospectionOutcome.Unavailable.class);
    }

    @Test
    void aFailedIntrospectionFutureBecomesAFailedOutcomeForEveryWaiter() {
        Future<IntrospectionOutcome> first = cache.introspect("t");
        Future<IntrospectionOutcome> second = cache.introspect("t");
        calls.get(0).fail(new IllegalStateException("boom"));
        assertThat(first.succeeded()).isTrue();
        assertThat(first.result()).isInstanceOf(IntrospectionOutcome.Failed.class);
        assertThat(second.result()).isInstanceOf(IntrospectionOutcome.Failed.class);
    }

    @Test
    void anEvictedTokenIsIntrospectedAgain() {
        cache.introspect("revoked");
        calls.get(0).complete(active(Duration.ofMinutes(1)));
        cache.evict("revoked");
        cache.introspect("revoked");
        assertThat(introspections).hasValue(2);
        assertThat(cache.activeCount()).isZero();
    }

    @Test
    void theKeyIsTheTokensHashNotTheToken() {
        String key = PhantomTokenCache.keyOf("secret-opaque-token");
        assertThat(key).doesNotContain("secret").isEqualTo(TokenHash.of("secret-opaque-token")); // the token server's name
        assertThat(PhantomTokenCache.keyOf("secret-opaque-token")).isEqualTo(key);
        assertThat(PhantomTokenCache.keyOf("secret-opaque-tokeN")).isNotEqualTo(key);
    }

    @Test
    void anEvictionForgetsTheTokensItMatchesOnly() {
        cache.introspect("a");
        calls.get(0).complete(active(Duration.ofMinutes(1)));
        String subject = ((IntrospectionOutcome.Active) cache.introspect("a").result()).token().subject().orElseThrow();
        cache.evictWhere(token -> token.subject().map("someone else"::equals).orElse(false));
        cache.introspect("a");
        assertThat(introspections).as("another subject's eviction keeps it").hasValue(1);
        cache.evictWhere(token -> token.subject().map(subject::equals).orElse(false));
        cache.introspect("a");
        assertThat(introspections).as("its subject's eviction forgets it").hasValue(2);
    }

    @Test
    void anAnswerGivenBeforeARevocationIsNeitherStoredNorServedToTheRequestsThatWaited() {
        Future<IntrospectionOutcome> first = cache.introspect("a");
        Future<IntrospectionOutcome> joined = cache.introspect("a");
        revoked.token(PhantomTokenCache.keyOf("a"));
        cache.evictKey(PhantomTokenCache.keyOf("a"));
        calls.get(0).complete(active(Duration.ofMinutes(1)));

        assertThat(first.result()).isInstanceOf(IntrospectionOutcome.Inactive.class);
        assertThat(joined.result()).isInstanceOf(IntrospectionOutcome.Inactive.class);
        assertThat(cache.activeCount()).isZero();
    }

    @Test
    void aSubjectsRevocationCoversItsTokensIssuedBeforeItAndNoOtherRevocationStopsTheCache() {
        Future<IntrospectionOutcome> other = cache.introspect("other");
        revoked.token(PhantomTokenCache.keyOf("unrelated"));
        calls.get(0).complete(active(Duration.ofMinutes(1)));
        assertThat(other.result()).isInstanceOf(IntrospectionOutcome.Active.class);
        assertThat(cache.activeCount()).as("an unrelated revocation does not stop storing").isEqualTo(1);

        IntrospectionOutcome.Active before = active(Duration.ofMinutes(1));
        Future<IntrospectionOutcome> old = cache.introspect("old");
        revoked.subject(before.token().subject().orElseThrow(), clock.instant().plusSeconds(1));
        calls.get(1).complete(before);
        assertThat(old.result()).as("issued before the revocation").isInstanceOf(IntrospectionOutcome.Inactive.class);

        clock.advance(Duration.ofSeconds(5));
        Future<IntrospectionOutcome> fresh = cache.introspect("fresh");
        calls.get(2).complete(active(Duration.ofMinutes(1)));
        assertThat(fresh.result()).as("issued after it").isInstanceOf(IntrospectionOutcome.Active.class);
    }

    private IntrospectionOutcome.Active active(Duration cacheFor) {
        String jwt = TestTokens.accessToken(key, clock).expiresAt(clock.instant().plus(Duration.ofHours(2))).sign();
        JwtValidator validator = JwtValidator.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .keySource(JwksKeySource.builder().localKeys(new LocalKeys(key)).clock(clock).build())
                .clock(clock).build();
        try {
            AccessToken token = validator.validate(jwt);
            Instant until = clock.instant().plus(cacheFor);
            return new IntrospectionOutcome.Active(jwt, token, until);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
