package io.apisec.gateway.phantom;

import io.vertx.core.Future;

/** Turns an opaque token into an {@link IntrospectionOutcome}; the future never fails. */
@FunctionalInterface
public interface TokenIntrospector {

    Future<IntrospectionOutcome> introspect(String opaqueToken);

    /**
     * The same, for a caller that already has the token's hash ({@link PhantomTokenCache#keyOf}): the caches key by
     * it and so hash each request's token once, not once per layer.
     */
    default Future<IntrospectionOutcome> introspect(String opaqueToken, String hash) {
        return introspect(opaqueToken);
    }

    /**
     * Whether the answer for the token with this hash is at hand (remembered, or already being asked for), so
     * that looking it up now costs the token server nothing; false when unsure.
     */
    default boolean answerAtHand(String hash) {
        return false;
    }
}
