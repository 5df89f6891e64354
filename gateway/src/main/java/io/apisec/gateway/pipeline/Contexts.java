package io.apisec.gateway.pipeline;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Brings a result back to the request's own event loop. The gateway runs one listener per core; a result shared
 * between requests (one introspection awaited by requests on several loops) or produced by a shared client may
 * complete on another loop, and a request must go on on its own.
 */
final class Contexts {

    private Contexts() {
    }

    /** {@code future}, its callbacks run on the caller's context. */
    static <T> Future<T> onCurrent(Future<T> future) {
        Context here = Vertx.currentContext();
        if (here == null) {
            return future;
        }
        // Even a completed future: one bound to another loop's context runs its callbacks there.
        Promise<T> promise = Promise.promise();
        future.onComplete(result -> {
            if (Vertx.currentContext() == here) {
                promise.handle(result);
            } else {
                here.runOnContext(go -> promise.handle(result));
            }
        });
        return promise.future();
    }
}
