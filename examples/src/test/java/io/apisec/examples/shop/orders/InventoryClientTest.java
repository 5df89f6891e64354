package io.apisec.examples.shop.orders;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Orders API's client sends the customer's token and its own secret over HTTPS only. */
class InventoryClientTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final WebClient CLIENT = WebClient.create(VERTX);

    @AfterAll
    static void stop() {
        VERTX.close().await();
    }

    @Test
    void aTokenEndpointOrAnInventoryOverPlainHttpIsRefusedAtConstruction() {
        URI https = URI.create("https://localhost:9443/oauth/token");
        URI http = URI.create("http://localhost:9445");
        assertThatThrownBy(() -> new InventoryClient(CLIENT, URI.create("http://localhost:9443/oauth/token"),
                "orders-api", "secret", URI.create("https://localhost:9445"), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokenEndpoint must be an https URL");
        assertThatThrownBy(() -> new InventoryClient(CLIENT, https, "orders-api", "secret", http, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inventory must be an https URL");
        assertThatThrownBy(() -> new InventoryClient(CLIENT, https, "orders-api", "secret",
                URI.create("https://localhost:9445"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
    }
}
