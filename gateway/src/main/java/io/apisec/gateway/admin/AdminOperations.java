package io.apisec.gateway.admin;

import io.apisec.gateway.block.DenyKind;
import io.apisec.jwt.AccessToken;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** What the admin API asks of the running gateway. */
public interface AdminOperations {

    /** {@code {"status": "UP" | "DOWN", "checks": {...}}}: whether this node should take traffic. */
    Future<JsonObject> readiness();

    /** Whether the deny list holds the client or subject of a verified admin token. */
    boolean denies(AccessToken token);

    /** Every meter in the Prometheus text format. */
    String scrape();

    /** The deny list: the configuration's entries and those added here. */
    JsonObject denyList();

    /**
     * Adds an entry; true when it is new.
     *
     * @return failed with {@link IllegalArgumentException} when the entry is not valid
     */
    Future<Boolean> deny(DenyKind kind, String entry);

    /** Removes an added entry; true when it was there. */
    Future<Boolean> undeny(DenyKind kind, String entry);

    /**
     * Reads the configuration file again and applies it, or keeps the running configuration.
     *
     * @return a summary; failed with {@link ReloadRefusedException} when the file is invalid or a change needs
     * a restart
     */
    Future<JsonObject> reload();
}
