package io.apisec.gateway.block;

import java.util.Locale;
import java.util.Optional;

/** What a deny-list entry names: a source address or network, a client id, or a subject. */
public enum DenyKind {
    ADDRESSES, CLIENTS, SUBJECTS;

    /** The kind's name in the configuration and the admin API: {@code addresses}, {@code clients}, {@code subjects}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DenyKind> ofLabel(String label) {
        for (DenyKind kind : values()) {
            if (kind.label().equals(label)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
