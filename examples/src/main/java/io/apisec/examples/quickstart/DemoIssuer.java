package io.apisec.examples.quickstart;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.Router;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the token server (a later part of apisec) so the quickstart runs on its own: it
 * publishes RFC 8414 metadata and a JWKS over HTTPS on loopback, and signs RFC 9068 access tokens.
 * It can rotate to a new signing key, keeping the old one published, as a real issuer does.
 */
final class DemoIssuer {

    private final HttpServer server;
    private final URI issuer;
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private volatile RSAKey signingKey;
    private volatile List<RSAKey> publishedKeys;

    private DemoIssuer(HttpServer server, RSAKey firstKey) {
        this.server = server;
        this.issuer = URI.create("https://localhost:" + server.actualPort());
        this.signingKey = firstKey;
        this.publishedKeys = List.of(firstKey);
    }

    static Future<DemoIssuer> start(Vertx vertx, SelfSignedCertificate certificate) {
        RSAKey firstKey = generateKey("demo-key-1");
        Router router = Router.router(vertx);
        DemoIssuer[] self = new DemoIssuer[1];
        router.get("/.well-known/oauth-authorization-server").handler(ctx -> ctx.json(new JsonObject()
                .put("issuer", self[0].issuer.toString())
                .put("jwks_uri", self[0].issuer.resolve("/jwks").toString())));
        router.get("/jwks").handler(ctx -> {
            self[0].jwksFetches.incrementAndGet();
            ctx.response().putHeader("Content-Type", "application/jwk-set+json")
                    .end(new JWKSet(List.copyOf(self[0].publishedKeys).stream()
                            .map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList()).toString());
        });
        return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
                        .setKeyCertOptions(certificate.keyCertOptions()))
                .requestHandler(router).listen()
                .map(server -> self[0] = new DemoIssuer(server, firstKey));
    }

    URI issuer() {
        return issuer;
    }

    int jwksFetches() {
        return jwksFetches.get();
    }

    /** Publishes a new key next to the current one and signs with it from now on. */
    void rotate(String kid) {
        RSAKey next = generateKey(kid);
        publishedKeys = List.of(signingKey, next);
        signingKey = next;
    }

    /** An access token for the orders API, for {@code subject}, with {@code scope}, valid for {@code lifetime}. */
    String accessToken(String subject, String scope, String audience, Instant issuedAt, Duration lifetime) {
        return sign(signingKey, new JWTClaimsSet.Builder()
                .issuer(issuer.toString()).subject(subject).audience(audience)
                .claim("client_id", "quickstart-client").claim("scope", scope)
                .issueTime(Date.from(issuedAt)).expirationTime(Date.from(issuedAt.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString()).build());
    }

    /** A token with the same claims signed by a key the issuer never published. */
    String forgedWithUnknownKey(String subject, String scope, String audience) {
        return sign(generateKey("attacker"), new JWTClaimsSet.Builder()
                .issuer(issuer.toString()).subject(subject).audience(audience).claim("scope", scope)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString()).build());
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(new JOSEObjectType("at+jwt")).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    private static RSAKey generateKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("key generation failed", e);
        }
    }

    Future<Void> close() {
        return server.close();
    }
}
