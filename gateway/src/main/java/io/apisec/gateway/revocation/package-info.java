/** Revocation notices from the token server, applied to the phantom-token caches at once. */
package io.apisec.gateway.revocation;
