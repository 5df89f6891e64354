package io.apisec.gateway.block;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The deny list's added entries shared by the gateway nodes of one Redis: a set per kind
 * ({@code apisec:deny:clients}), changed by whichever node's admin API is called, announced on the
 * {@link #CHANNEL} channel, on which every node reads the sets again into its {@link DenyRules}. A change is
 * refused when Redis cannot take it, so that the nodes never disagree for long.
 */
public final class SharedDenyList {

    public static final String CHANNEL = "apisec:deny";
    static final String PREFIX = "apisec:deny:";
    private static final Logger LOG = LoggerFactory.getLogger(SharedDenyList.class);

    private final RedisAPI redis;
    private final DenyRules rules;

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

    /** Reads the shared entries into this node's rules: at start, on each announcement, after a lost channel. */
    public Future<Void> sync() {
        Map<DenyKind, Set<String>> all = new EnumMap<>(DenyKind.class);
        List<Future<Response>> reads = List.of(DenyKind.values()).stream()
                .map(kind -> redis.smembers(PREFIX + kind.label())).toList();
        return Future.all(reads).map(done -> {
            DenyKind[] kinds = DenyKind.values();
            for (int i = 0; i < kinds.length; i++) {
                Set<String> entries = new HashSet<>();
                reads.get(i).result().forEach(member -> entries.add(member.toString()));
                all.put(kinds[i], entries);
            }
            Set<String> skipped = rules.replaceAdded(all);
            if (!skipped.isEmpty()) {
                LOG.warn("Skipped {} shared deny-list entries that are not valid", skipped.size());
            }
            return null;
        });
    }

    private Future<Void> announce() {
        // This node reads the sets at once; the others when the announcement reaches them.
        return sync().compose(read -> redis.publish(CHANNEL, "changed")).mapEmpty();
    }
}
