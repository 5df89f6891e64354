package io.apisec.tokenserver.client;

import java.util.Optional;

/** Looks up registered clients. */
public interface ClientRegistry {

    Optional<RegisteredClient> find(String clientId);
}
