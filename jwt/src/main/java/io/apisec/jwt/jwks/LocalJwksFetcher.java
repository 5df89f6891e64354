package io.apisec.jwt.jwks;

import com.nimbusds.jose.jwk.JWKSet;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * Reads the keys this process holds itself, for a token server checking its own tokens without an
 * HTTP round trip to itself (its listener's certificate need not name loopback).
 */
final class LocalJwksFetcher extends JwksFetcher {

    private final Supplier<JWKSet> keys;

    LocalJwksFetcher(Supplier<JWKSet> keys) {
        this.keys = keys;
    }

    @Override
    JWKSet read() throws IOException {
        JWKSet set = keys.get();
        if (set == null) {
            throw new IOException("the key supplier returned no key set");
        }
        return set;
    }

    @Override
    String describeSource() {
        return "in-process keys";
    }
}
