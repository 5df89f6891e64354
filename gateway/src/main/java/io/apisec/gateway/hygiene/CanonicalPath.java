package io.apisec.gateway.hygiene;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The one spelling of a request path that routing sees and the upstream receives. A path that could be read
 * another way by someone downstream is refused, never repaired: an encoded slash or backslash, a raw
 * backslash, a dot segment (plain or encoded), an empty segment, a semicolon (path parameters, which some
 * servers strip), an encoded percent (a second decoding would see something else), NUL or any control
 * character, a malformed percent-encoding, bytes that are not valid UTF-8 (overlong forms included). What
 * passes is decoded for routing ({@link #decoded}) and re-encoded in one normal form for the upstream
 * ({@link #encoded}): unreserved characters as themselves, everything else percent-encoded in upper case.
 * Modelled on the rules of Spring Security's strict firewall.
 *
 * @param decoded the path as routing matches it
 * @param encoded the same path as forwarded upstream
 */
public record CanonicalPath(String decoded, String encoded) {

    /** Longer paths are refused before any work (the listener bounds the request line too). */
    public static final int MAX_LENGTH = 4096;

    public CanonicalPath {
        Objects.requireNonNull(decoded, "decoded");
        Objects.requireNonNull(encoded, "encoded");
    }

    /**
     * @param rawPath the path of the request line exactly as received, without the query
     * @throws AmbiguousPathException when the path could be read more than one way
     */
    public static CanonicalPath of(String rawPath) throws AmbiguousPathException {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw new AmbiguousPathException("not an absolute path");
        }
        if (rawPath.length() > MAX_LENGTH) {
            throw new AmbiguousPathException("too long");
        }
        String decoded = decode(rawPath);
        checkSegments(decoded);
        return new CanonicalPath(decoded, encode(decoded));
    }

    private static String decode(String raw) throws AmbiguousPathException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
                    throw new AmbiguousPathException("malformed percent-encoding");
                }
                int b = hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2));
                switch (b) {
                    case '/' -> throw new AmbiguousPathException("encoded slash");
                    case '\\' -> throw new AmbiguousPathException("encoded backslash");
                    case '%' -> throw new AmbiguousPathException("encoded percent");
                    default -> bytes.write(b);
                }
                i += 2;
            } else if (c > 0x7e) {
                // Raw non-ASCII on the request line: legal for no client, read differently by servers.
                throw new AmbiguousPathException("raw non-ASCII character");
            } else {
                bytes.write(c);
            }
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = utf8.decode(ByteBuffer.wrap(bytes.toByteArray()));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new AmbiguousPathException("invalid UTF-8");
        }
    }

    private static void checkSegments(String path) throws AmbiguousPathException {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw new AmbiguousPathException("control character");
            }
            if (c == '\\') {
                throw new AmbiguousPathException("backslash");
            }
            if (c == ';') {
                throw new AmbiguousPathException("semicolon");
            }
        }
        // Every segment between slashes: none empty (a trailing slash excepted), none "." or "..".
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            String segment = path.substring(start, end);
            if (segment.equals(".") || segment.equals("..")) {
                throw new AmbiguousPathException("dot segment");
            }
            if (segment.isEmpty() && end < path.length()) {
                throw new AmbiguousPathException("empty segment");
            }
            start = end + 1;
        }
    }

    /** A decoded path in the form forwarded upstream: each byte that is not a plain path character encoded. */
    public static String encode(String decoded) {
        StringBuilder out = new StringBuilder(decoded.length() + 16);
        for (byte b : decoded.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isUnreserved(c) || c == '/' || isSubDelimKeptRaw(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** RFC 3986 pchar sub-delimiters and ':' and '@', which a path carries as they are (';' never gets here). */
    private static boolean isSubDelimKeptRaw(int c) {
        return c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' || c == '*' || c == '+'
                || c == ',' || c == '=' || c == ':' || c == '@';
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
