package io.apisec.it;

import org.junit.jupiter.api.Tag;

/**
 * The chain scaled out: the token server on the machine's PostgreSQL, the gateway's cache, limits and deny list in
 * its Redis, revocations announced over Redis. Runs with -Pservices; fails, not skips, when either is absent.
 */
@Tag("services")
class ScaledOutChainTest extends ChainTest {

    @Override
    Chain.Mode mode() {
        return Chain.Mode.SCALED_OUT;
    }
}
