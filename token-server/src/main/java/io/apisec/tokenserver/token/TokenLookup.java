package io.apisec.tokenserver.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.SignedJWT;
import io.apisec.tokenserver.keys.KeyManager;

import java.text.ParseException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds the record of a token presented back to the server (introspection, token exchange): by the hash
 * of the string, as issued; or, for a JWT this server signed later (the phantom JWT form of an opaque
 * token, which is all an API behind the gateway ever sees), by its {@code jti} once its signature checks
 * out against our own published keys. Either way the record decides: revoked or expired is inactive, and
 * so is a token of a disabled client.
 */
public final class TokenLookup {

    private static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

    private final TokenRepository tokens;
    private final KeyManager keys;
    private final Predicate<String> clientEnabled;
    private final Clock clock;

    /** Every client enabled: for tests and embedding. */
    public TokenLookup(TokenRepository tokens, KeyManager keys, Clock clock) {
        this(tokens, keys, clientId -> true, clock);
    }

    /**
     * @param clientEnabled whether a client is registered and enabled now: a disabled client's tokens are
     *                      inactive at once, on every node, even those issued before the node knew
     */
    public TokenLookup(TokenRepository tokens, KeyManager keys, Predicate<String> clientEnabled, Clock clock) {
        this.tokens = tokens;
        this.keys = keys;
        this.clientEnabled = clientEnabled;
        this.clock = clock;
    }

    /** The active record of {@code presented}, if it is an active token of ours. Blocking (database). */
    public Optional<TokenRecord> active(String presented) {
        Optional<TokenRecord> record = tokens.findByHash(TokenHash.of(presented));
        if (record.isEmpty()) {
            record = signedByUs(presented).flatMap(tokens::findByJti);
        }
        return record.filter(t -> t.isActiveAt(clock.instant()) && clientEnabled.test(t.clientId()));
    }

    /** The jti of {@code presented} when it is an access-token JWT carrying a valid signature of one of our keys. */
    private Optional<String> signedByUs(String presented) {
        if (presented.chars().filter(c -> c == '.').count() != 2) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(presented);
            if (!ACCESS_TOKEN_TYPE.equals(jwt.getHeader().getType()) || jwt.getHeader().getKeyID() == null) {
                return Optional.empty();
            }
            JWK key = keys.publicKeys().getKeyByKeyId(jwt.getHeader().getKeyID());
            if (key == null || !key.getAlgorithm().equals(jwt.getHeader().getAlgorithm())) {
                return Optional.empty();
            }
            JWSVerifier verifier = key instanceof OctetKeyPair okp ? new Ed25519Verifier(okp)
                    : new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), ((AsymmetricJWK) key).toPublicKey());
            return jwt.verify(verifier) ? Optional.ofNullable(jwt.getJWTClaimsSet().getJWTID()) : Optional.empty();
        } catch (ParseException | JOSEException | RuntimeException e) {
            // Not a well-formed JWT of ours: simply not a token we know.
            return Optional.empty();
        }
    }
}
