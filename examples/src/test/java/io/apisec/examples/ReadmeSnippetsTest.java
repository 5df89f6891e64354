package io.apisec.examples;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's code comes from sources the build compiles: a snippet that drifts fails here. */
class ReadmeSnippetsTest {

    private static final Path ROOT = Path.of("..");

    @ParameterizedTest
    @CsvSource({
            "vertx, examples/src/main/java/io/apisec/examples/orders/OrdersApi.java",
            "servlet, examples/src/main/java/io/apisec/examples/servlet/ProtectedApiListener.java",
            "claims, examples/src/main/java/io/apisec/examples/shop/orders/OrdersPolicy.java"})
    void readmeShowsTheTaggedSourceVerbatim(String tag, String source) throws IOException {
        String snippet = taggedRegion(Files.readString(ROOT.resolve(source)), tag);

        assertThat(snippet.lines().count()).as("an example of about ten lines").isBetween(5L, 14L);
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains(snippet);
    }

    /** The lines between {@code // tag::name[]} and {@code // end::name[]}, without their common indent. */
    static String taggedRegion(String source, String tag) {
        Matcher m = Pattern.compile("// tag::" + tag + "\\[]\\R(.*?)\\R\\s*// end::" + tag + "\\[]", Pattern.DOTALL)
                .matcher(source);
        assertThat(m.find()).as("tag %s in source", tag).isTrue();
        return m.group(1).stripIndent();
    }
}
