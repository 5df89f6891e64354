package io.apisec.examples.shop.orders;

import java.util.Optional;

/** A customer's subscription, from the token's {@code subscription} claim; what it does not name is the lowest. */
public enum SubscriptionLevel {
    BASIC, PREMIUM;

    /** Absent, unknown or oddly spelt: {@link #BASIC}, so a claim nobody expected never grants more. */
    public static SubscriptionLevel of(Optional<String> claim) {
        return claim.filter("premium"::equals).map(premium -> PREMIUM).orElse(BASIC);
    }
}
