package io.apisec.jwt.testing;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Keys held in process, for {@code JwksKeySource.builder().localKeys(..)}: tests swap them, break the supplier, and count reads. */
public final class LocalKeys implements Supplier<JWKSet> {

    private final AtomicInteger reads = new AtomicInteger();
    private volatile JWKSet set;
    private volatile RuntimeException failure;

    /** Serves {@code keys} as they are, private parts included, as a token server holds them. */
    public LocalKeys(JWK... keys) {
        serve(keys);
    }

    public void serve(JWK... keys) {
        serve(new JWKSet(List.of(keys)));
    }

    public void serve(JWKSet set) {
        this.set = set;
        this.failure = null;
    }

    /** Every read throws {@code failure} until {@link #serve} is called again. */
    public void fail(RuntimeException failure) {
        this.failure = failure;
    }

    public int reads() {
        return reads.get();
    }

    @Override
    public JWKSet get() {
        reads.incrementAndGet();
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        return set;
    }
}
