package io.apisec.tokenserver.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every client the server knows: those of the configuration file and those registered through the admin
 * API, less the disabled ones. Lookups are cached for {@link #CACHE_TTL}: a change made on this node
 * applies at once ({@link #forget}); one made on another node sharing the database, within that time.
 * Blocking on a cache miss (database): call from worker threads.
 */
public final class ClientDirectory implements ClientRegistry {

    public static final Duration CACHE_TTL = Duration.ofSeconds(5);

    private final Map<String, RegisteredClient> configured;
    private final JdbcClientStore store;
    private final Function<StoredClient, Optional<RegisteredClient>> decoder;
    private final Cache<String, Optional<RegisteredClient>> cache = Caffeine.newBuilder()
            .expireAfterWrite(CACHE_TTL).maximumSize(10_000).build();

    /**
     * @param decoder turns a stored registration into a client; empty when it is no longer valid (for
     *                instance a sensitive claim it would now receive), so that client cannot authenticate
     */
    public ClientDirectory(Collection<RegisteredClient> configured, JdbcClientStore store,
                           Function<StoredClient, Optional<RegisteredClient>> decoder) {
        this.configured = configured.stream().collect(Collectors.toUnmodifiableMap(RegisteredClient::clientId,
                Function.identity()));
        this.store = store;
        this.decoder = decoder;
    }

    @Override
    public Optional<RegisteredClient> find(String clientId) {
        return cache.get(clientId, this::load);
    }

    /** Whether {@code clientId} comes from the configuration file (the admin API may only disable it). */
    public boolean isConfigured(String clientId) {
        return configured.containsKey(clientId);
    }

    /** The clients of the configuration file. */
    public Collection<RegisteredClient> configured() {
        return configured.values();
    }

    /** Drops what this node cached of {@code clientId}, after a change. */
    public void forget(String clientId) {
        cache.invalidate(clientId);
    }

    private Optional<RegisteredClient> load(String clientId) {
        if (store.isDisabled(clientId)) {
            return Optional.empty();
        }
        RegisteredClient fromFile = configured.get(clientId);
        return fromFile != null ? Optional.of(fromFile) : store.find(clientId).flatMap(decoder);
    }
}
