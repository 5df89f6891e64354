package io.apisec.gateway.pipeline;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** A request body stream that runs {@code atEnd} once the body has all been read, before passing the end on. */
final class BodyEnd extends ForwardingBody {

    private final Runnable atEnd;

    BodyEnd(ReadStream<Buffer> source, Runnable atEnd) {
        super(source);
        this.atEnd = atEnd;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        source.endHandler(endHandler == null ? null : end -> {
            atEnd.run();
            endHandler.handle(end);
        });
        return this;
    }
}
