package io.apisec.gateway.phantom;

import io.vertx.core.Future;

/** Turns an opaque token into an {@link IntrospectionOutcome}; the future never fails. */
@FunctionalInterface
public interface TokenIntrospector {

    Future<IntrospectionOutcome> introspect(String opaqueToken);
}
