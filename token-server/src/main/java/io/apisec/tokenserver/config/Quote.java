package io.apisec.tokenserver.config;

/**
 * Quotes a value for an error message: control characters escaped, so a value cannot forge log lines,
 * and long values shortened, so a message stays readable.
 */
final class Quote {

    private static final int MAX_LENGTH = 200;

    private Quote() {
    }

    static String of(String value) {
        StringBuilder quoted = new StringBuilder("'");
        int end = Math.min(value.length(), MAX_LENGTH);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (c == '\n') {
                quoted.append("\\n");
            } else if (c == '\r') {
                quoted.append("\\r");
            } else if (c == '\t') {
                quoted.append("\\t");
            } else if (Character.isISOControl(c)) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        if (value.length() > MAX_LENGTH) {
            quoted.append("...");
        }
        return quoted.append('\'').toString();
    }
}
