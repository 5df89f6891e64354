/**
 * The company-wide validation of JWT access tokens (practice 7 of the API security best practices).
 *
 * <p>Build one {@link io.apisec.jwt.JwtValidator} per API and issuer, with keys from a
 * {@link io.apisec.jwt.jwks.JwksKeySource}; {@code validate(token)} returns a verified
 * {@link io.apisec.jwt.AccessToken} or throws one of the two failure families of
 * {@link io.apisec.jwt.TokenValidationException}, which {@link io.apisec.jwt.BearerErrorResponse}
 * turns into the RFC 6750 answer. Framework adapters live in {@code apisec-jwt-vertx} and
 * {@code apisec-jwt-servlet}.
 */
package io.apisec.jwt;
