package io.apisec.examples;

import io.apisec.examples.quickstart.JwtQuickstart;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The quickstart of the README, run end to end: every request gets the answer it expects. */
class QuickstartTest {

    @Test
    void everyQuickstartRequestGetsTheExpectedAnswer() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<JwtQuickstart.Step> steps = JwtQuickstart.run(new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(steps).hasSize(10).allSatisfy(step ->
                assertThat(step.actual()).as(step.request()).isEqualTo(step.expected()));
        assertThat(steps).extracting(JwtQuickstart.Step::expected).contains(200, 201, 400, 401, 403);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("The JWKS was fetched 2 time(s)")
                .doesNotContain("MISMATCH");
    }
}
