package io.apisec.tokenserver.jwks;

import com.nimbusds.jose.jwk.JWKSet;
import io.apisec.tokenserver.keys.KeyManager;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /oauth/jwks}: the public keys, next, current and retired (practice 11). Public halves only:
 * the key manager never holds a private key in its published set. Cacheable for a short while: a
 * verifier refreshing within the prepublish period sees every next key before it signs.
 */
public final class JwksEndpoint implements Handler<RoutingContext> {

    static final String MEDIA_TYPE = "application/jwk-set+json";
    private static final String CACHE_CONTROL = "public, max-age=60";

    private final KeyManager keys;
    private volatile Serialized serialized = new Serialized(null, null);

    /** The key set last served, and its JSON: the set changes only at a rotation, the answer many times a second. */
    private record Serialized(JWKSet keys, Buffer json) {
    }

    public JwksEndpoint(KeyManager keys) {
        this.keys = keys;
    }

    @Override
    public void handle(RoutingContext context) {
        JWKSet current = keys.publicKeys();
        Serialized s = serialized;
        if (s.keys() != current) {
            s = new Serialized(current, Buffer.buffer(current.toString(true)));
            serialized = s;
        }
        context.response().putHeader("Content-Type", MEDIA_TYPE).putHeader("Cache-Control", CACHE_CONTROL)
                .end(s.json());
    }
}
