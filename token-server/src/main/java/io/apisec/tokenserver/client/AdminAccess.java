package io.apisec.tokenserver.client;

/**
 * What opens the admin API, in one place for the configuration (which clients may hold it) and the API
 * (what it checks): JWTs of this server for {@link #AUDIENCE}, with {@link #ADMIN_SCOPE} or, for the
 * Prometheus metrics, {@link #METRICS_SCOPE}.
 */
public final class AdminAccess {

    public static final String AUDIENCE = "apisec-admin";
    public static final String ADMIN_SCOPE = "apisec:admin";
    public static final String METRICS_SCOPE = "apisec:metrics";

    private AdminAccess() {
    }
}
