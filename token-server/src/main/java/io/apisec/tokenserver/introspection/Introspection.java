package io.apisec.tokenserver.introspection;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.apisec.tokenserver.client.TokenFormat;
import io.apisec.tokenserver.token.TokenIssuer;
import io.apisec.tokenserver.token.TokenRecord;
import io.apisec.tokenserver.token.TokenLookup;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The introspection provider (RFC 7662): whether a token is active, and what it says. An unknown,
 * expired or revoked token is simply inactive, never told apart. For the phantom-token flow it also
 * gives the JWT form of an active opaque token, signed once and remembered until the token expires, so a
 * gateway's repeated introspections do not each cost a signature. No HTTP here.
 */
public final class Introspection {

    private final String issuer;
    private final TokenLookup lookup;
    private final TokenIssuer signer;
    private final Clock clock;
    private final Cache<String, String> jwtForms;

    /** About 16 MiB of signed JWT forms (UTF-16 upper bound): some 10,000 tokens of usual size. */
    static final long MAX_CACHED_BYTES = 16L * 1024 * 1024;

    public Introspection(String issuer, TokenLookup lookup, TokenIssuer signer, Clock clock) {
        this.issuer = issuer;
        this.lookup = lookup;
        this.signer = signer;
        this.clock = clock;
        // Bounded by memory, not count: a flood of distinct tokens evicts (and re-signs), never exhausts the heap.
        this.jwtForms = Caffeine.newBuilder().maximumWeight(MAX_CACHED_BYTES)
                .<String, String>weigher((key, jwt) -> 2 * (key.length() + jwt.length()) + 64)
                .expireAfter(Expiry.<String, String>creating((hash, jwt) -> Duration.ofMinutes(5)))
                .build();
    }

    /** The active token's record, if {@code token} is one. Blocking (database). */
    public Optional<TokenRecord> activeToken(String token) {
        return lookup.active(token);
    }

    /** RFC 7662 section 2.2 members for an active token. */
    public Map<String, Object> describe(TokenRecord token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", true);
        body.put("scope", String.join(" ", token.scopes()));
        body.put("client_id", token.clientId());
        body.put("token_type", "Bearer");
        body.put("exp", token.expiresAt().getEpochSecond());
        body.put("iat", token.issuedAt().getEpochSecond());
        body.put("sub", token.subject());
        body.put("aud", token.audiences());
        body.put("iss", issuer);
        body.put("jti", token.jti());
        token.claims().forEach(body::putIfAbsent);
        return body;
    }

    /** The answer for an inactive token: nothing more than that. */
    public static Map<String, Object> inactive() {
        return Map.of("active", false);
    }

    /**
     * The JWT form of an active token: the token itself when it is a JWT, else the phantom JWT, signed
     * on first request and reused while this node remembers it.
     */
    public String jwtForm(String presented, TokenRecord token) {
        if (token.format() == TokenFormat.JWT) {
            return presented;
        }
        // Keyed by the signing kid too: after a rotation or a revocation the form is signed again.
        return jwtForms.get(signer.signingKeyId() + " " + token.tokenHash(), key -> signer.sign(token));
    }

    /** The RFC 9701 signed introspection response for the calling client {@code caller}. */
    public String signedResponse(Optional<TokenRecord> active, String caller) {
        return signer.signIntrospection(active.map(this::describe).orElseGet(Introspection::inactive), caller);
    }

    /** Seconds the token still lives, for {@code Cache-Control: max-age}. */
    public long remainingSeconds(TokenRecord token) {
        return Math.max(0, Duration.between(clock.instant(), token.expiresAt()).toSeconds());
    }
}
