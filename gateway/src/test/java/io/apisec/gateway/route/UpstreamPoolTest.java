package io.apisec.gateway.route;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamPoolTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final UpstreamPool pool = new UpstreamPool(List.of(URI.create("https://a"), URI.create("https://b")),
            now::get);

    @Test
    void theUpstreamsTakeTurns() {
        assertThat(pool.pick(new boolean[2])).isEqualTo(0);
        assertThat(pool.pick(new boolean[2])).isEqualTo(1);
        assertThat(pool.pick(new boolean[2])).isEqualTo(0);
        assertThat(pool.pick(new boolean[] {true, false})).as("the one already tried is passed over").isEqualTo(1);
    }

    @Test
    void anUpstreamRestsAfterThreeFailuresInARowAndComesBackAfterItsRest() {
        pool.failed(0);
        pool.failed(0);
        pool.succeeded(0);
        pool.failed(0);
        pool.failed(0);
        assertThat(pool.resting(0)).as("a success in between starts the count again").isFalse();
        pool.failed(0);
        assertThat(pool.resting(0)).isTrue();
        for (int i = 0; i < 4; i++) {
            assertThat(pool.pick(new boolean[2])).isEqualTo(1);
        }
        now.addAndGet(UpstreamPool.REST_MILLIS);
        assertThat(pool.resting(0)).isFalse();
    }

    @Test
    void whenEveryUpstreamRestsTheOneThatRestedLongestIsTried() {
        for (int i = 0; i < 3; i++) {
            pool.failed(1);
        }
        now.addAndGet(1_000);
        for (int i = 0; i < 3; i++) {
            pool.failed(0);
        }
        assertThat(pool.pick(new boolean[2])).isEqualTo(1);
    }
}
