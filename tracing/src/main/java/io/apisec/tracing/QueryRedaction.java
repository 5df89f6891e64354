package io.apisec.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

import java.util.List;

/**
 * Keeps query strings out of traces: a client may put a credential there ({@code ?access_token=}, which the gateway
 * refuses, but only after the request's span has recorded its URL). Every URL a span records loses its query at the
 * span's start, before any exporter sees it.
 */
public final class QueryRedaction implements SpanProcessor {

    static final String REDACTED = "(redacted)";
    private static final List<AttributeKey<String>> URLS = List.of(AttributeKey.stringKey("url.full"),
            AttributeKey.stringKey("http.url"), AttributeKey.stringKey("http.target"));
    private static final AttributeKey<String> QUERY = AttributeKey.stringKey("url.query");

    @Override
    public void onStart(Context parent, ReadWriteSpan span) {
        for (AttributeKey<String> key : URLS) {
            String url = span.getAttribute(key);
            int query = url == null ? -1 : url.indexOf('?');
            if (query >= 0) {
                span.setAttribute(key, url.substring(0, query + 1) + REDACTED);
            }
        }
        if (span.getAttribute(QUERY) != null) {
            span.setAttribute(QUERY, REDACTED);
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
