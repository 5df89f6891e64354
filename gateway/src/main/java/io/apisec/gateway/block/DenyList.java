package io.apisec.gateway.block;

import io.apisec.jwt.AccessToken;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Who may not pass, whatever their credentials: source networks (an address or CIDR, IPv4 or IPv6, matched with
 * Netty's subnet rules), client ids and subjects. Immutable: {@link DenyRules} holds the configuration's list and
 * the admin API's entries.
 */
public final class DenyList {

    private static final DenyList EMPTY = new DenyList(List.of(), List.of(), Set.of(), Set.of());

    private final List<String> addresses;
    private final List<IpSubnetFilterRule> networks;
    private final Set<String> clients;
    private final Set<String> subjects;

    private DenyList(List<String> addresses, List<IpSubnetFilterRule> networks, Set<String> clients,
                     Set<String> subjects) {
        this.addresses = List.copyOf(addresses);
        this.networks = List.copyOf(networks);
        this.clients = Set.copyOf(clients);
        this.subjects = Set.copyOf(subjects);
    }

    public static DenyList empty() {
        return EMPTY;
    }

    /**
     * @param addresses literal addresses or networks such as {@code 192.0.2.7}, {@code 10.0.0.0/8},
     *                  {@code 2001:db8::/32} (no host names: nothing is looked up)
     * @throws IllegalArgumentException naming the first entry that is not one
     */
    public static DenyList of(List<String> addresses, Set<String> clients, Set<String> subjects) {
        List<IpSubnetFilterRule> networks = new ArrayList<>();
        for (String entry : addresses) {
            networks.add(network(entry));
        }
        return new DenyList(addresses, networks, clients, subjects);
    }

    /** Checks one address or network entry, as {@link #of} would. */
    public static void checkAddress(String entry) {
        network(entry);
    }

    /** The address and network entries, as written. */
    public List<String> addresses() {
        return addresses;
    }

    public Set<String> clients() {
        return clients;
    }

    public Set<String> subjects() {
        return subjects;
    }

    public boolean deniesAddress(InetSocketAddress source) {
        if (source == null) {
            return false;
        }
        for (IpSubnetFilterRule rule : networks) { // a loop, not a stream: asked on every request
            if (rule.matches(source)) {
                return true;
            }
        }
        return false;
    }

    public boolean deniesAnyAddress() {
        return !networks.isEmpty();
    }

    public boolean deniesIdentity(AccessToken token) {
        return token.clientId().map(clients::contains).orElse(false)
                || token.subject().map(subjects::contains).orElse(false);
    }

    private static IpSubnetFilterRule network(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry.strip() : entry.substring(0, slash).strip();
        boolean v4 = NetUtil.isValidIpV4Address(address);
        boolean v6 = !v4 && NetUtil.isValidIpV6Address(address);
        if (!v4 && !v6) {
            throw new IllegalArgumentException("\"" + entry + "\" is not an IP address or network");
        }
        int bits = v4 ? 32 : 128;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(entry.substring(slash + 1).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + entry + "\" has a prefix length that is not a number");
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("\"" + entry + "\" has a prefix length outside 0-" + bits);
        }
        return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.REJECT);
    }
}
