package io.apisec.it;

/** The chain on one machine: H2, the gateway's cache and limits in process, revocations by a direct call. */
class EmbeddedChainTest extends ChainTest {

    @Override
    Chain.Mode mode() {
        return Chain.Mode.EMBEDDED;
    }
}
