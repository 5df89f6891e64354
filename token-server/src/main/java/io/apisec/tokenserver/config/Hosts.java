package io.apisec.tokenserver.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises host names and loopback addresses without asking DNS: whether plain HTTP is acceptable must
 * not depend on what a resolver answers at start.
 */
final class Hosts {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*");

    private Hosts() {
    }

    /** A host name, an IPv4 address or an IPv6 address (with or without brackets). */
    static boolean isValid(String host) {
        String bare = unbracket(host);
        if (IPV4.matcher(bare).matches()) {
            return ipv4(bare) != null;
        }
        if (IPV6.matcher(bare).matches()) {
            return ipv6(bare) != null;
        }
        return HOST_NAME.matcher(bare).matches();
    }

    /** {@code localhost}, an address in 127.0.0.0/8, or {@code ::1}. */
    static boolean isLoopback(String host) {
        String bare = unbracket(host);
        if (bare.toLowerCase(Locale.ROOT).equals("localhost")) {
            return true;
        }
        InetAddress address = IPV4.matcher(bare).matches() ? ipv4(bare)
                : IPV6.matcher(bare).matches() ? ipv6(bare) : null;
        return address != null && address.isLoopbackAddress();
    }

    /** {@code 0.0.0.0} or {@code ::}: every interface. */
    static boolean isWildcard(String host) {
        String bare = unbracket(host);
        InetAddress address = IPV4.matcher(bare).matches() ? ipv4(bare)
                : IPV6.matcher(bare).matches() ? ipv6(bare) : null;
        return address != null && address.isAnyLocalAddress();
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static InetAddress ipv4(String literal) {
        byte[] octets = new byte[4];
        String[] parts = literal.split("\\.");
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) {
                return null;
            }
            octets[i] = (byte) octet;
        }
        try {
            return InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    /** Parses an IPv6 literal; the pattern has ruled out names, so no DNS lookup happens. */
    private static InetAddress ipv6(String literal) {
        try {
            return InetAddress.getByName("[" + literal + "]");
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
