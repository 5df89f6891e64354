package io.apisec.tokenserver.client;

import java.util.Objects;
import java.util.Optional;

/** A client registered through the admin API, as stored: its registration JSON and its secret's hash. */
public record StoredClient(String clientId, String registration, Optional<SecretHash> secret) {

    public StoredClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(registration, "registration");
        Objects.requireNonNull(secret, "secret");
    }
}
