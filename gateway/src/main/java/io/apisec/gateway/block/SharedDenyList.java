package io.apisec.gateway.block;

import io.apisec.gateway.shared.RedisScript;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.RedisAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The deny list's added entries shared by the gateway nodes of one Redis: a set per kind
 * ({@code apisec:{deny}:clients}), changed by whichever node's admin API is called and announced on
 * {@link #CHANNEL}, on which every node reads all the sets again, at one instant (one script), into its
 * {@link DenyRules}. Reads on one node never overlap, so an older read cannot undo a newer one; the node also
 * reads again periodically, in case an announcement was lost. A change Redis cannot take is refused, so that
 * the nodes never disagree for long.
 */
public final class SharedDenyList {

    public static final String CHANNEL = "apisec:deny";
    static final String PREFIX = "apisec:{deny}:";
    private static final Logger LOG = LoggerFactory.getLogger(SharedDenyList.class);
    private static final RedisScript READ = RedisScript.load(SharedDenyList.class, "deny-read.lua");

    private final RedisAPI redis;
    private final DenyRules rules;
    private Future<Void> reading;
    private boolean readAgain;
    private volatile boolean synced;

    public SharedDenyList(RedisAPI redis, DenyRules rules) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /** Adds an entry for every node; true when it is new. */
    public Future<Boolean> add(DenyKind kind, String entry) {
        try {
            DenyRules.check(kind, entry);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        String key = PREFIX + kind.label();
        return redis.scard(key).compose(count -> count.toLong() >= DenyRules.MAX_ENTRIES
                        ? Future.failedFuture(new IllegalArgumentException("the deny list holds " + DenyRules.MAX_ENTRIES
                        + " " + kind.label() + " already; remove some first"))
                        : redis.sadd(List.of(key, entry)))
                .compose(added -> announce().map(added.toLong() == 1));
    }

    /** Removes an entry for every node; true when it was there. */
    public Future<Boolean> remove(DenyKind kind, String entry) {
        return redis.srem(List.of(PREFIX + kind.label(), entry))
                .compose(removed -> announce().map(removed.toLong() == 1));
    }

    /** Whether this node has read the shared entries at least once. */
    public boolean synced() {
        return synced;
    }

    /**
     * Reads the shared entries into this node's rules: at start, on each announcement, periodically, after a
     * lost channel. Call on one context: a read asked for while one runs is made once that one ends.
     */
    public synchronized Future<Void> sync() {
        if (reading != null) {
            readAgain = true;
            return reading;
        }
        Promise<Void> done = Promise.promise();
        reading = done.future();
        read().onComplete(result -> {
            boolean again;
            synchronized (this) {
                reading = null;
                again = readAgain;
                readAgain = false;
            }
            if (again) {
                sync().onComplete(done);
            } else {
                done.handle(result);
            }
        });
        return done.future();
    }

    private Future<Void> read() {
        DenyKind[] kinds = DenyKind.values();
        List<String> keys = Arrays.stream(kinds).map(kind -> PREFIX + kind.label()).toList();
        return READ.run(redis, keys, List.of()).map(answer -> {
            Map<DenyKind, Set<String>> all = new EnumMap<>(DenyKind.class);
            for (int i = 0; i < kinds.length; i++) {
                Set<String> entries = new TreeSet<>();
                answer.get(i).forEach(member -> entries.add(member.toString()));
                all.put(kinds[i], entries);
            }
            Set<String> skipped = rules.replaceAdded(all);
            if (!skipped.isEmpty()) {
                LOG.warn("Skipped {} shared deny-list entries that are not valid", skipped.size());
            }
            synced = true;
            return null;
        });
    }

    private Future<Void> announce() {
        // This node reads the sets at once; the others when the announcement reaches them, or at their next
        // periodic read if it is lost: the change is stored either way.
        return sync().compose(read -> redis.publish(CHANNEL, "changed")).<Void>mapEmpty()
                .recover(e -> {
                    LOG.warn("A deny-list change is stored but could not be announced ({}); the other nodes read it"
                            + " within a minute", e.getMessage());
                    return Future.succeededFuture();
                });
    }
}
