/**
 * A Jakarta Servlet adapter for the apisec JWT library: {@link io.apisec.jwt.servlet.JwtAuthFilter}
 * verifies the bearer token of each request, and {@link io.apisec.jwt.servlet.JwtAuthFilter#requireScopes}
 * checks its scopes. Everything else in the package is internal.
 */
package io.apisec.jwt.servlet;
