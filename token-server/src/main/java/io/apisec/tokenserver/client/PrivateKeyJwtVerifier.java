package io.apisec.tokenserver.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientAuthenticationVerifier;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientCredentialsSelector;
import com.nimbusds.oauth2.sdk.auth.verifier.Context;
import com.nimbusds.oauth2.sdk.auth.verifier.InvalidClientException;
import com.nimbusds.oauth2.sdk.auth.verifier.JWTAudienceCheck;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.tokenserver.oauth.OAuthException;

import java.net.URI;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@code private_key_jwt} (RFC 7523): the client proves itself with a JWT signed by a key from its own
 * JWKS. Nimbus's {@link ClientAuthenticationVerifier} checks the assertion (iss = sub = client id, aud
 * this server, exp, signature); the keys come from a {@link JwksKeySource} per client (the apisec JWKS
 * client: cached, refetched on an unknown kid at a bounded rate, HTTPS only); a {@code jti} seen before, on
 * any node, is refused until its {@code exp}. Only asymmetric algorithms are accepted, and an assertion may
 * live at most five minutes.
 */
public final class PrivateKeyJwtVerifier implements AutoCloseable {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256);
    private static final Duration MAX_ASSERTION_LIFETIME = Duration.ofMinutes(5);

    private final Function<URI, JwksKeySource> keySources;
    private final Map<String, JwksKeySource> byClient = new ConcurrentHashMap<>();
    private final AssertionReplayGuard replayGuard;
    private final ClientAuthenticationVerifier<RegisteredClient> verifier;
    private final Clock clock;

    /**
     * @param issuer        this server's issuer
     * @param tokenEndpoint the token endpoint URL; assertions may name either as their audience
     * @param keySources    makes the key source of a client's jwks-uri
     * @param replayGuard   where used assertions are remembered (the database, for every node)
     */
    public PrivateKeyJwtVerifier(URI issuer, URI tokenEndpoint, Function<URI, JwksKeySource> keySources,
                                 AssertionReplayGuard replayGuard, Clock clock) {
        this.keySources = keySources;
        this.replayGuard = replayGuard;
        this.clock = clock;
        // No Nimbus jti checker: ours (below) is one atomic step, shared by every node.
        this.verifier = new ClientAuthenticationVerifier<>(new Selector(),
                Set.of(new Audience(issuer), new Audience(tokenEndpoint)), JWTAudienceCheck.LEGACY, null);
    }

    void verify(PrivateKeyJWT assertion, RegisteredClient client) throws OAuthException {
        if (!ALGORITHMS.contains(assertion.getClientAssertion().getHeader().getAlgorithm())) {
            throw refused();
        }
        try {
            var claims = assertion.getClientAssertion().getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (exp == null || claims.getJWTID() == null
                    || exp.toInstant().isAfter(clock.instant().plus(MAX_ASSERTION_LIFETIME))) {
                // Without a jti no replay can be refused; without a short exp the replay guard grows.
                throw refused();
            }
            Context<RegisteredClient> context = new Context<>();
            context.set(client);
            verifier.verify(assertion, null, context);
            // After the signature: only a valid assertion is recorded, so nobody can fill the guard with junk.
            if (!replayGuard.firstUse(client.clientId(), claims.getJWTID(), exp.toInstant())) {
                throw refused();
            }
        } catch (KeySourceUnavailable e) {
            throw OAuthException.of(OAuth2Error.TEMPORARILY_UNAVAILABLE.setHTTPStatusCode(503),
                    "The client's keys cannot be fetched now; retry later");
        } catch (InvalidClientException | ParseException e) {
            throw refused();
        } catch (JOSEException e) {
            throw refused();
        }
    }

    private static OAuthException refused() {
        return OAuthException.of(OAuth2Error.INVALID_CLIENT, "Client authentication failed");
    }

    /** Our fault, not the client's: its JWKS could not be fetched. */
    private static final class KeySourceUnavailable extends InvalidClientException {
        private static final long serialVersionUID = 1L;

        KeySourceUnavailable() {
            super("The client's JWKS is unavailable");
        }
    }

    private final class Selector implements ClientCredentialsSelector<RegisteredClient> {
        @Override
        public List<Secret> selectClientSecrets(ClientID claimedClientID, ClientAuthenticationMethod authMethod,
                                                Context<RegisteredClient> context) {
            return List.of();
        }

        @Override
        public List<? extends PublicKey> selectPublicKeys(ClientID claimedClientID, ClientAuthenticationMethod authMethod,
                                                          JWSHeader header, boolean forceRefresh,
                                                          Context<RegisteredClient> context) throws InvalidClientException {
            RegisteredClient client = context.get();
            if (!client.clientId().equals(claimedClientID.getValue()) || client.jwksUri().isEmpty()) {
                throw InvalidClientException.BAD_ID;
            }
            // Keyed by the URI too: a client whose jwks-uri the admin API changed gets a source for the new one.
            URI jwksUri = client.jwksUri().get();
            JwksKeySource keys = byClient.computeIfAbsent(client.clientId() + ' ' + jwksUri, id -> keySources.apply(jwksUri));
            JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
            if (matcher == null) {
                return List.of();
            }
            List<PublicKey> selected = new ArrayList<>();
            try {
                for (JWK jwk : keys.get(new JWKSelector(matcher), null)) {
                    if (jwk instanceof AsymmetricJWK asymmetric && !jwk.isPrivate()) {
                        selected.add(asymmetric.toPublicKey());
                    }
                }
            } catch (KeySourceException e) {
                throw new KeySourceUnavailable();
            } catch (JOSEException e) {
                return selected;
            }
            return selected;
        }
    }

    /** Stops the key sources' background refreshes. */
    @Override
    public void close() {
        byClient.values().forEach(JwksKeySource::close);
        byClient.clear();
    }
}
