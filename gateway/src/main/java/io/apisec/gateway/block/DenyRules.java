package io.apisec.gateway.block;

import io.apisec.jwt.AccessToken;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is denied now: the configuration's list (replaced at reload) and the entries added through the admin API
 * (kept across reloads). Reads see one consistent pair of immutable lists; changes are serialized.
 */
public final class DenyRules {

    /** The most dynamic entries of one kind: the admin API cannot grow the gateway's memory without end. */
    public static final int MAX_ENTRIES = 10_000;
    /** The longest entry: a client id or subject is a short identifier. */
    public static final int MAX_ENTRY_LENGTH = 256;

    private volatile DenyList configured;
    private volatile DenyList added = DenyList.empty();
    private final Map<DenyKind, Set<String>> entries = new EnumMap<>(DenyKind.class);

    public DenyRules(DenyList configured) {
        this.configured = Objects.requireNonNull(configured, "configured");
        for (DenyKind kind : DenyKind.values()) {
            entries.put(kind, new TreeSet<>());
        }
    }

    public boolean deniesAddress(InetSocketAddress source) {
        return configured.deniesAddress(source) || added.deniesAddress(source);
    }

    /** Whether any address or network is denied: when none is, a request's source need not be looked at. */
    public boolean deniesAnyAddress() {
        return configured.deniesAnyAddress() || added.deniesAnyAddress();
    }

    public boolean deniesIdentity(AccessToken token) {
        return configured.deniesIdentity(token) || added.deniesIdentity(token);
    }

    /** At reload: the configuration's new list; the admin API's entries stay. */
    public void configure(DenyList list) {
        configured = Objects.requireNonNull(list, "list");
    }

    public DenyList configured() {
        return configured;
    }

    /**
     * Adds an entry; false when it was there already.
     *
     * @throws IllegalArgumentException when the entry is not valid for its kind, or the kind is full
     */
    public synchronized boolean add(DenyKind kind, String entry) {
        check(kind, entry);
        Set<String> set = entries.get(kind);
        if (set.contains(entry)) {
            return false;
        }
        if (set.size() >= MAX_ENTRIES) {
            throw new IllegalArgumentException("the deny list holds " + MAX_ENTRIES + " " + kind.label()
                    + " already; remove some first");
        }
        set.add(entry);
        rebuild();
        return true;
    }

    /** Removes an entry; false when it was not there. */
    public synchronized boolean remove(DenyKind kind, String entry) {
        boolean removed = entries.get(kind).remove(entry);
        if (removed) {
            rebuild();
        }
        return removed;
    }

    /** Replaces every added entry (a shared store's view); invalid entries are skipped and returned. */
    public synchronized Set<String> replaceAdded(Map<DenyKind, Set<String>> all) {
        Set<String> skipped = new TreeSet<>();
        for (DenyKind kind : DenyKind.values()) {
            Set<String> set = entries.get(kind);
            set.clear();
            for (String entry : all.getOrDefault(kind, Set.of())) {
                try {
                    check(kind, entry);
                    if (set.size() < MAX_ENTRIES) {
                        set.add(entry);
                    }
                } catch (IllegalArgumentException e) {
                    skipped.add(entry);
                }
            }
        }
        rebuild();
        return skipped;
    }

    /** The added entries of one kind, sorted. */
    public synchronized Set<String> added(DenyKind kind) {
        return Set.copyOf(entries.get(kind));
    }

    /** @throws IllegalArgumentException when {@code entry} is not a valid entry of {@code kind} */
    static void check(DenyKind kind, String entry) {
        if (entry == null || entry.isBlank() || entry.length() > MAX_ENTRY_LENGTH
                || entry.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("an entry is 1 to " + MAX_ENTRY_LENGTH
                    + " printable characters");
        }
        if (kind == DenyKind.ADDRESSES) {
            DenyList.checkAddress(entry);
        }
    }

    private void rebuild() {
        added = DenyList.of(new ArrayList<>(entries.get(DenyKind.ADDRESSES)), entries.get(DenyKind.CLIENTS),
                entries.get(DenyKind.SUBJECTS));
    }
}
