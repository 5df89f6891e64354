package io.apisec.gateway.ratelimit;

import io.apisec.jwt.AccessToken;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Whose budget a request spends (practice 14): its client, its subject, its source address, the whole route, a
 * claim of its verified token, or its client's owner (the {@code owner} claim the token server releases), so
 * that one owner with many clients shares one budget. A request that lacks what the key names never goes
 * unlimited: without a token it spends its address's budget, without the claim its client's.
 *
 * @param kind  what the key is made of
 * @param claim the claim's name, for {@link Kind#CLAIM}
 */
public record RateKey(Kind kind, Optional<String> claim) {

    public enum Kind { CLIENT, SUBJECT, ADDRESS, ROUTE, CLAIM, OWNER }

    public static final RateKey CLIENT = new RateKey(Kind.CLIENT, Optional.empty());
    public static final RateKey ADDRESS = new RateKey(Kind.ADDRESS, Optional.empty());
    /** The claim that names a client's owner. */
    public static final String OWNER_CLAIM = "owner";

    public RateKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(claim, "claim");
        if ((kind == Kind.CLAIM) != claim.isPresent()) {
            throw new IllegalArgumentException("a claim key, and only one, names its claim");
        }
    }

    /**
     * Reads {@code client}, {@code subject}, {@code address}, {@code route}, {@code owner} or {@code claim:<name>}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static RateKey parse(String text) {
        if (text.startsWith("claim:") && text.length() > "claim:".length()) {
            String name = text.substring("claim:".length());
            if (!name.matches("[A-Za-z0-9_.:-]{1,64}")) {
                throw new IllegalArgumentException("a claim name is 1 to 64 letters, digits and _ . : -");
            }
            return new RateKey(Kind.CLAIM, Optional.of(name));
        }
        for (Kind kind : Kind.values()) {
            if (kind != Kind.CLAIM && kind.name().toLowerCase(Locale.ROOT).equals(text)) {
                return new RateKey(kind, Optional.empty());
            }
        }
        throw new IllegalArgumentException("choose client, subject, address, route, owner or claim:<name>");
    }

    /** As written in the configuration, and in policy names. */
    public String label() {
        return kind == Kind.CLAIM ? "claim:" + claim.orElseThrow() : kind.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The budget's key for one request.
     *
     * @param token  its verified token, null on a public route
     * @param source its source address
     */
    public String of(AccessToken token, String source) {
        if (kind == Kind.ROUTE) {
            return "route";
        }
        if (token == null || kind == Kind.ADDRESS) {
            return "address:" + source;
        }
        String client = token.clientId().map(id -> "client:" + id)
                .orElseGet(() -> "subject:" + token.subject().orElse("-"));
        return switch (kind) {
            case CLIENT -> client;
            case SUBJECT -> "subject:" + token.subject().orElse("-");
            case OWNER -> claimValue(token, OWNER_CLAIM).map(owner -> "owner:" + owner).orElse(client);
            case CLAIM -> claimValue(token, claim.orElseThrow())
                    .map(value -> "claim:" + claim.orElseThrow() + "=" + value).orElse(client);
            case ADDRESS, ROUTE -> throw new IllegalStateException("handled above");
        };
    }

    private static Optional<String> claimValue(AccessToken token, String name) {
        Optional<String> text = token.stringClaim(name);
        return text.isPresent() ? text : token.longClaim(name).map(String::valueOf);
    }
}
