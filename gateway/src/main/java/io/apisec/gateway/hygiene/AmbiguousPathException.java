package io.apisec.gateway.hygiene;

/** A request path that could be read more than one way; answered with 400 and the reason in the access log. */
public final class AmbiguousPathException extends Exception {

    private final String reason;

    AmbiguousPathException(String reason) {
        super("ambiguous path: " + reason, null, false, false);
        this.reason = reason;
    }

    /** Why, in a few words, for the access log; never the path itself, which the client chose. */
    public String reason() {
        return reason;
    }
}
