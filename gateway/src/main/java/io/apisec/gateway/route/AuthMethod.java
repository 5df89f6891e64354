package io.apisec.gateway.route;

/** The one way a route authenticates its callers (practice 8: methods are never mixed). */
public enum AuthMethod {
    /** An opaque token, exchanged at the token server for its JWT, which goes upstream. */
    PHANTOM,
    /** A JWT held by an internal client, validated here with the jwt library and forwarded as it is. */
    JWT,
    /** No credential; the route must say why in writing. */
    PUBLIC
}
