package io.apisec.gateway.pipeline;

/** What one step leaves on the proxy context for the next ones. */
final class Attributes {

    static final String PATH = "apisec.path";
    static final String ROUTE = "apisec.route";
    static final String TOKEN = "apisec.token";
    static final String FORWARDED_JWT = "apisec.jwt";
    static final String CLIENT = "apisec.client";

    private Attributes() {
    }
}
