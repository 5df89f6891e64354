package io.apisec.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.transport.Transport;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tracing for an apisec component (W3C {@code traceparent}, OpenTelemetry spans for every HTTP request it serves
 * and sends), set by the standard {@code OTEL_*} variables and off unless one of them asks for it: an exporter
 * ({@code OTEL_TRACES_EXPORTER}, say {@code otlp} or {@code console}) or a collector
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT}). Off, Vert.x runs without a tracer and costs nothing more.
 */
public final class Tracing {

    /** W3C Trace Context §3.2: version 00, a trace id and a parent id, neither all zeros, and flags. */
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
    private static final String INVALID_TRACE = "0".repeat(32);

    private Tracing() {
    }

    /** Whether the {@code OTEL_*} variables ask for tracing. */
    public static boolean requested(Map<String, String> environment) {
        if ("true".equalsIgnoreCase(environment.get("OTEL_SDK_DISABLED"))) {
            return false;
        }
        String exporter = environment.get("OTEL_TRACES_EXPORTER");
        return exporter != null ? !exporter.isBlank() && !exporter.strip().equals("none")
                : environment.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
                || environment.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    }

    /**
     * A Vert.x that traces when the environment asks for it, as {@code service} unless {@code OTEL_SERVICE_NAME}
     * names it otherwise; a plain one when it does not.
     */
    public static Vertx vertx(VertxOptions options, String service, Map<String, String> environment) {
        return vertx(options, null, service, environment);
    }

    /**
     * As {@link #vertx(VertxOptions, String, Map)}, on {@code transport} (say io_uring), or else as {@code options}
     * ask ({@link VertxOptions#setPreferNativeTransport}) when it is null.
     */
    public static Vertx vertx(VertxOptions options, Transport transport, String service,
                              Map<String, String> environment) {
        if (!requested(environment)) {
            return builder(options, transport).build();
        }
        OpenTelemetrySdk openTelemetry;
        try {
            // Not the SDK's own shutdown hook: it would run beside the servers' hooks, which still drain requests.
            openTelemetry = sdk(service, environment).disableShutdownHook().build().getOpenTelemetrySdk();
        } catch (RuntimeException e) { // the SDK's own configuration errors: a variable it cannot use
            throw new IllegalArgumentException("the OTEL_* variables cannot be used: " + e.getMessage(), e);
        }
        return closingWithVertx(builder(options, transport), options, openTelemetry);
    }

    /**
     * A Vert.x that traces with {@code openTelemetry} and shuts it down as it closes (after the servers closed, so
     * the last requests' spans are flushed to the exporters).
     */
    static Vertx closingWithVertx(VertxBuilder builder, VertxOptions options, OpenTelemetrySdk openTelemetry) {
        Vertx vertx = traced(builder, options, openTelemetry);
        ((VertxInternal) vertx).addCloseHook(closed -> openTelemetry.shutdown().whenComplete(closed::succeed));
        return vertx;
    }

    /**
     * The SDK as the variables configure it, with what apisec adds: its service name unless one is given, no
     * query string in any span, and defaults that send only traces and propagate only W3C trace context (a
     * client's {@code baggage} is not carried inward); any {@code OTEL_*} variable still overrides a default.
     */
    static AutoConfiguredOpenTelemetrySdkBuilder sdk(String service, Map<String, String> environment) {
        Map<String, String> defaults = new HashMap<>(Map.of("otel.metrics.exporter", "none", "otel.logs.exporter",
                "none", "otel.propagators", "tracecontext"));
        String resource = environment.getOrDefault("OTEL_RESOURCE_ATTRIBUTES", "");
        if (!environment.containsKey("OTEL_SERVICE_NAME") && !resource.contains("service.name=")) {
            defaults.put("otel.service.name", service);
        }
        return AutoConfiguredOpenTelemetrySdk.builder().addPropertiesSupplier(() -> defaults)
                .addTracerProviderCustomizer((tracers, config) -> tracers.addSpanProcessor(new QueryRedaction()));
    }

    /**
     * A Vert.x that traces with {@code openTelemetry} (its exporters, its propagators); give its tracer provider a
     * {@link QueryRedaction}, as {@link #vertx(VertxOptions, String, Map)} does.
     */
    public static Vertx vertx(VertxOptions options, OpenTelemetry openTelemetry) {
        return traced(Vertx.builder(), options, openTelemetry);
    }

    private static Vertx traced(VertxBuilder builder, VertxOptions options, OpenTelemetry openTelemetry) {
        return builder.with(options.setTracingOptions(new OpenTelemetryOptions()))
                .withTracer(new OpenTelemetryTracingFactory(openTelemetry)).build();
    }

    private static VertxBuilder builder(VertxOptions options, Transport transport) {
        VertxBuilder builder = Vertx.builder().with(options);
        return transport == null ? builder : builder.withTransport(transport);
    }

    /** The trace the current request belongs to, when this component traces it. */
    public static Optional<String> currentTraceId() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? Optional.of(span.getTraceId()) : Optional.empty();
    }

    /** The trace id of a well-formed W3C {@code traceparent} header, so that an untraced component can log it. */
    public static Optional<String> traceIdOf(String traceparent) {
        if (traceparent == null) {
            return Optional.empty();
        }
        var header = TRACEPARENT.matcher(traceparent.strip());
        return header.matches() && !header.group(1).equals(INVALID_TRACE) && !header.group(2).equals("0".repeat(16))
                ? Optional.of(header.group(1)) : Optional.empty();
    }

    /** The trace of the current request: this component's span, or else the caller's {@code traceparent}. */
    public static Optional<String> traceId(String traceparent) {
        return currentTraceId().or(() -> traceIdOf(traceparent));
    }
}
