package io.apisec.tokenserver.client;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A fixed set of clients, held in memory: for tests and embedding. The server uses {@link ClientDirectory}. */
public final class InMemoryClientRegistry implements ClientRegistry {

    private final Map<String, RegisteredClient> clients;

    public InMemoryClientRegistry(Collection<RegisteredClient> clients) {
        this.clients = clients.stream().collect(Collectors.toUnmodifiableMap(RegisteredClient::clientId, Function.identity()));
    }

    @Override
    public Optional<RegisteredClient> find(String clientId) {
        return Optional.ofNullable(clients.get(clientId));
    }
}
