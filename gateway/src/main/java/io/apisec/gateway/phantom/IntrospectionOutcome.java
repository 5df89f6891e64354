package io.apisec.gateway.phantom;

import io.apisec.jwt.AccessToken;

import java.time.Instant;
import java.util.Objects;

/**
 * What the token server said of an opaque token, kept apart as the gateway must answer them apart: an active
 * token (its verified JWT form, forwarded upstream), an inactive one (401), a token server that is down or
 * says so (503), and any other failure of the exchange (502). Never a success without a verified answer.
 */
public sealed interface IntrospectionOutcome {

    /** An active token: {@code jwt} verified with the token server's keys; cacheable until {@code cacheUntil}. */
    record Active(String jwt, AccessToken token, Instant cacheUntil) implements IntrospectionOutcome {
        public Active {
            Objects.requireNonNull(jwt, "jwt");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(cacheUntil, "cacheUntil");
        }

        @Override
        public String toString() { // never the JWT: it is a bearer credential
            return "Active[subject=" + token.subject().orElse("-") + ", cacheUntil=" + cacheUntil + "]";
        }
    }

    /** Unknown, expired or revoked: the token server never says which. */
    record Inactive() implements IntrospectionOutcome {
    }

    /** The token server answered 503 or could not be reached in time: retry later. */
    record Unavailable(String reason) implements IntrospectionOutcome {
    }

    /** Any other failure: an unexpected status, a malformed or unverifiable answer, refused gateway credentials. */
    record Failed(String reason) implements IntrospectionOutcome {
    }
}
