package io.apisec.gateway.pipeline;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Step 3b: a form body ({@code application/x-www-form-urlencoded}) is read — within the route's body limit,
 * which the step before enforces — to see whether it carries an {@code access_token} parameter (RFC 6750 §2.2),
 * however spelled; the authentication step then refuses it, since tokens are accepted in the
 * {@code Authorization} header only (practice 8). The body then goes on to the upstream unchanged. Other bodies
 * stream through unread.
 */
public final class FormTokenStep implements ProxyInterceptor {

    static final String TOKEN_IN_FORM = "apisec.form-token";
    private static final String FORM = "application/x-www-form-urlencoded";

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        String type = context.request().headers().get("Content-Type");
        Body body = context.request().getBody();
        if (body == null || type == null || !AuthorizeStep.mediaType(type).equals(FORM)) {
            return context.sendRequest();
        }
        return read(body.stream()).transform(read -> {
            if (read.failed()) {
                return Refusal.send(context, 400, "invalid_request", "The request body could not be read.",
                        "form unreadable");
            }
            Buffer form = read.result();
            context.set(TOKEN_IN_FORM, carriesAccessToken(form.toString(StandardCharsets.ISO_8859_1)));
            context.request().setBody(Body.body(form)); // its Content-Type header stays as sent
            return context.sendRequest();
        });
    }

    /** Whether a form has an {@code access_token} field, in any case or encoding; an undecodable form counts. */
    static boolean carriesAccessToken(String form) {
        try {
            return new QueryStringDecoder(form, StandardCharsets.UTF_8, false, 10_000).parameters().keySet().stream()
                    .anyMatch(name -> name.strip().toLowerCase(Locale.ROOT).equals("access_token"));
        } catch (IllegalArgumentException malformed) {
            return true;
        }
    }

    private static Future<Buffer> read(ReadStream<Buffer> stream) {
        Promise<Buffer> promise = Promise.promise();
        Buffer all = Buffer.buffer();
        stream.exceptionHandler(promise::tryFail);
        stream.endHandler(done -> promise.tryComplete(all));
        stream.handler(all::appendBuffer);
        stream.resume();
        return promise.future();
    }
}
