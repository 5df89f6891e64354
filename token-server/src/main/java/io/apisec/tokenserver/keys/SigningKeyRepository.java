package io.apisec.tokenserver.keys;

import java.time.Instant;
import java.util.List;

/** Where signing keys are kept. Blocking: call from worker threads. */
public interface SigningKeyRepository {

    List<StoredKey> findAll();

    /**
     * Stores a new key.
     *
     * @return false when another node already stored a key for the same activation time
     */
    boolean insert(StoredKey key);

    /** Marks a key revoked from {@code at}. */
    void revoke(String kid, Instant at);

    void delete(String kid);
}
