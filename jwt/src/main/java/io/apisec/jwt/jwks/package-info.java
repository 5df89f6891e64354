/**
 * Signing keys from an issuer's JWKS (practice 11), or from keys held in process:
 * {@link io.apisec.jwt.jwks.JwksKeySource} caches them, refreshes them ahead of expiry, refetches for
 * unknown keys at a bounded rate, rides out outages up to a bound, and reports its health.
 */
package io.apisec.jwt.jwks;
