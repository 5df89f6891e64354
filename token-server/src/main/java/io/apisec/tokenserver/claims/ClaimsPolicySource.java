package io.apisec.tokenserver.claims;

/** Where the grants read the claims policy: fixed, or changing through the admin API. */
@FunctionalInterface
public interface ClaimsPolicySource {

    /** The policy as it is now. May block (database): call from worker threads. */
    ClaimsPolicy current();
}
