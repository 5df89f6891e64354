package io.apisec.gateway.pipeline;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Step 3b: a form body ({@code application/x-www-form-urlencoded}) is read — at most 64 KiB (413 above), within
 * the route's body limit — to see whether it carries an {@code access_token} parameter (RFC 6750 §2.2),
 * however spelled; the authentication step then refuses it, since tokens are accepted in the
 * {@code Authorization} header only (practice 8). The body then goes on to the upstream unchanged. Other bodies
 * stream through unread. A request with two {@code Content-Type} headers is 400, on every route.
 */
public final class FormTokenStep implements ProxyInterceptor {

    static final String TOKEN_IN_FORM = "apisec.form-token";
    /** The largest form read: a form is a few fields, and an unauthenticated client must not hold more memory. */
    public static final int MAX_FORM_BYTES = 64 * 1024;
    private static final String FORM = "application/x-www-form-urlencoded";

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        List<String> types = context.request().headers().getAll("Content-Type");
        if (types.size() > 1) {
            // The upstream might read another one than the gateway did.
            return Refusal.send(context, 400, "invalid_request", "Send one Content-Type.", "content types");
        }
        Body body = context.request().getBody();
        if (body == null || types.isEmpty() || !AuthorizeStep.mediaType(types.get(0)).equals(FORM)) {
            return context.sendRequest();
        }
        if (body.length() > MAX_FORM_BYTES) {
            return tooLarge(context);
        }
        return read(body.stream()).transform(read -> {
            if (read.failed()) {
                return read.cause() instanceof FormTooLarge || read.cause().getMessage() != null
                        && read.cause().getMessage().contains("above the route's limit") ? tooLarge(context)
                        : Refusal.send(context, 400, "invalid_request", "The request body could not be read.",
                        "form unreadable");
            }
            Buffer form = read.result();
            context.set(TOKEN_IN_FORM, carriesAccessToken(form.toString(StandardCharsets.ISO_8859_1)));
            context.request().setBody(Body.body(form)); // its Content-Type header stays as sent
            return context.sendRequest();
        });
    }

    private static Future<ProxyResponse> tooLarge(ProxyContext context) {
        return Refusal.send(context, 413, "invalid_request", "A form body is at most " + MAX_FORM_BYTES + " bytes"
                + " here.", "form too large");
    }

    /**
     * Whether a form has a field whose name is {@code access_token}, or begins with it (as {@code access_token[]}
     * does), in any case or percent-encoding, fields split on {@code &} and {@code ;} as servers split them,
     * every field read (no {@code #} or count ends the scan); a name that does not decode counts as one.
     */
    static boolean carriesAccessToken(String form) {
        for (String field : form.split("[&;]")) {
            int equals = field.indexOf('=');
            String name = equals < 0 ? field : field.substring(0, equals);
            try {
                String decoded = URLDecoder.decode(name, StandardCharsets.UTF_8).strip().toLowerCase(Locale.ROOT);
                if (decoded.startsWith("access_token") || decoded.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                        && decoded.contains("access_token")) {
                    return true;
                }
            } catch (IllegalArgumentException malformed) {
                return true;
            }
        }
        return false;
    }

    /** A form body over {@link #MAX_FORM_BYTES}. */
    private static final class FormTooLarge extends RuntimeException {
        FormTooLarge() {
            super("form too large", null, false, false);
        }
    }

    private static Future<Buffer> read(ReadStream<Buffer> stream) {
        Promise<Buffer> promise = Promise.promise();
        Buffer all = Buffer.buffer();
        stream.exceptionHandler(promise::tryFail);
        stream.endHandler(done -> promise.tryComplete(all));
        stream.handler(chunk -> {
            if (all.length() + chunk.length() > MAX_FORM_BYTES) {
                stream.handler(null);
                promise.tryFail(new FormTooLarge());
                return;
            }
            all.appendBuffer(chunk);
        });
        stream.resume();
        return promise.future();
    }
}
