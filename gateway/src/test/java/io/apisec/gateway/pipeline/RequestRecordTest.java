package io.apisec.gateway.pipeline;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RequestRecordTest {

    @Test
    void theLineIsOneJsonObjectWhateverThePathHoldsSoNoLineCanBeForged() {
        RequestRecord record = new RequestRecord(Instant.parse("2026-11-30T01:23:45.678901Z"), 1_000, "id-1", "GET",
                "127.0.0.1");
        record.path = "/orders/\"}\n{\"forged\":1\u0000\u2028";
        record.route = "orders";
        String text = record.toJson(200, 1_000 + 1_234_567);
        assertThat(text).doesNotContain("\n").doesNotContain("\u0000");
        JsonObject line = new JsonObject(text);
        assertThat(line.getString("path")).isEqualTo(record.path);
        assertThat(line.containsKey("forged")).isFalse();
        assertThat(line.getString("time")).isEqualTo("2026-11-30T01:23:45.678901Z");
        assertThat(line.getDouble("latency_ms")).isEqualTo(1.234567);
        assertThat(line.containsKey("client_id")).as("unset fields are left out").isFalse();
    }
}
