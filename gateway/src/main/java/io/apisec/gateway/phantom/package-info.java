/**
 * The phantom-token approach (practice 3): an opaque token from outside becomes, at the gateway, the JWT that
 * the token server holds for it. {@link io.apisec.gateway.phantom.PhantomTokenClient} asks the token server
 * ({@code Accept: application/jwt}) and verifies the answer; {@link io.apisec.gateway.phantom.PhantomTokenCache}
 * keeps the answers by the token's SHA-256 and coalesces concurrent misses.
 */
package io.apisec.gateway.phantom;
