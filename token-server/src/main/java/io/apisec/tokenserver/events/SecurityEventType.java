package io.apisec.tokenserver.events;

/** The security events the token server records, by their names in logs and in the database. */
public enum SecurityEventType {
    TOKEN_ISSUED("token.issued"),
    /** A token, introspection or revocation request refused for a protocol reason (the reason says which). */
    TOKEN_REFUSED("token.refused"),
    CLIENT_AUTH_FAILED("client.auth_failed"),
    TOKEN_REVOKED("token.revoked"),
    /** A rotated refresh token was presented again: its whole family is revoked. An incident. */
    REFRESH_REUSE_DETECTED("refresh.reuse_detected"),
    KEY_ROTATED("key.rotated"),
    KEY_REVOKED("key.revoked"),
    ADMIN_CHANGED("admin.changed");

    private final String value;

    SecurityEventType(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static SecurityEventType fromValue(String value) {
        for (SecurityEventType type : values()) {
            if (type.value.equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown security event type");
    }
}
