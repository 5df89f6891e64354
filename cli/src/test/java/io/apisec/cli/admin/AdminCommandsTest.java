package io.apisec.cli.admin;

import io.apisec.cli.ApisecRunner;
import io.apisec.cli.demo.RunningDemo;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code apisec keys} and {@code apisec clients} against the demo's token server, as its administrator. */
class AdminCommandsTest {

    @TempDir
    static Path dir;
    static RunningDemo demo;

    @BeforeAll
    static void start() throws Exception {
        demo = RunningDemo.start(dir.resolve("demo"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    private static ApisecRunner.Result admin(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--token-server", demo.issuer(), "--admin", demo.adminUrl(),
                "--cacert", demo.dir().resolve("ca.pem").toString(),
                "--client-secret-file", demo.dir().resolve("secrets").resolve("admin").toString()));
        return ApisecRunner.run(args.toArray(String[]::new));
    }

    @Test
    void keysAreListedAndRotatedAndTheNextKeyIsPublished() {
        ApisecRunner.Result before = admin("keys", "list");
        assertThat(before.status()).as(before.err()).isZero();
        int keys = new JsonObject(before.out()).getJsonArray("keys").size();
        assertThat(keys).isPositive();

        ApisecRunner.Result rotated = admin("keys", "rotate");
        assertThat(rotated.status()).as(rotated.err()).isZero();
        String next = new JsonObject(rotated.out()).getString("kid");
        JsonObject after = new JsonObject(admin("keys", "list").out());
        assertThat(after.getJsonArray("keys")).hasSize(keys + 1);
        assertThat(after.encode()).contains(next);
    }

    /** The emergency: a key withdrawn at once; what it signed no longer verifies, and signing goes on. */
    @Test
    void aRevokedKeyLeavesTheJwksAtOnceAndANewKeySignsInItsPlace() throws Exception {
        String revoked = signingKid();
        assertThat(get("/oauth/jwks")).contains(revoked);

        ApisecRunner.Result result = admin("keys", "revoke", revoked);

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(new JsonObject(result.out()).getString("state")).isEqualTo("revoked");
        assertThat(get("/oauth/jwks")).as("the JWKS verifiers fetch").doesNotContain(revoked);
        String signer = signingKid();
        assertThat(signer).isNotEqualTo(revoked);
        assertThat(get("/oauth/jwks")).contains(signer);
        ApisecRunner.Result again = admin("keys", "revoke", revoked);
        assertThat(again.status()).isNotZero();
        assertThat(again.err()).contains("No published key has that kid");
        ApisecRunner.Result dashed = admin("keys", "revoke", "-Xy3");
        assertThat(dashed.err()).as("a kid may start with '-' (base64url)").contains("No published key has that kid");
    }

    /** The kid that signs now: read from the JWT form of a fresh opaque token, introspected as the gateway does. */
    private static String signingKid() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(demo.trust()).build();
        String alice = Files.readString(demo.dir().resolve("secrets").resolve("alice-shop")).strip();
        String body = http.send(HttpRequest.newBuilder(URI.create(demo.issuer() + "/oauth/token"))
                .header("Authorization", basic("alice-shop", alice))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=orders:read")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String opaque = new JsonObject(body).getString("access_token");
        String gateway = Files.readString(demo.dir().resolve("secrets").resolve("gateway")).strip();
        HttpResponse<String> jwt = http.send(HttpRequest.newBuilder(URI.create(demo.issuer() + "/oauth/introspect"))
                .header("Authorization", basic("gateway", gateway)).header("Accept", "application/jwt")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + opaque)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(jwt.statusCode()).isEqualTo(200);
        String header = new String(Base64.getUrlDecoder().decode(jwt.body().substring(0, jwt.body().indexOf('.'))));
        return new JsonObject(header).getString("kid");
    }

    private static String get(String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(demo.trust()).build();
        return http.send(HttpRequest.newBuilder(URI.create(demo.issuer() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String basic(String client, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((client + ":" + secret).getBytes());
    }

    @Test
    void aDisabledClientGetsNoMoreTokens() throws Exception {
        assertThat(token("stock-monitor")).isEqualTo(200);
        ApisecRunner.Result listed = admin("clients", "list");
        assertThat(listed.out()).contains("\"stock-monitor\"").contains("\"alice-shop\"");

        ApisecRunner.Result disabled = admin("clients", "disable", "stock-monitor");

        assertThat(disabled.status()).as(disabled.err()).isZero();
        assertThat(token("stock-monitor")).isEqualTo(401);
    }

    @Test
    void aClientAddedGetsItsSecretOnceAndCanUseIt() throws Exception {
        Path registration = dir.resolve("reporting.json");
        Files.writeString(registration, new JsonObject().put("id", "reporting").put("authentication",
                "client_secret_basic").put("token-format", "jwt").put("network", "internal")
                .put("grant-types", List.of("client_credentials")).put("scopes", List.of("inventory:read"))
                .put("audiences", List.of("inventory-api")).encode());

        ApisecRunner.Result added = admin("clients", "add", "--from", registration.toString());

        assertThat(added.status()).as(added.err()).isZero();
        String secret = new JsonObject(added.out()).getString("client_secret");
        assertThat(secret).isNotBlank();
        assertThat(tokenWith("reporting", secret)).isEqualTo(200);
        ApisecRunner.Result rotated = admin("clients", "rotate-secret", "reporting");
        assertThat(rotated.status()).as(rotated.err()).isZero();
        assertThat(tokenWith("reporting", secret)).as("the old secret").isEqualTo(401);
    }

    @Test
    void aWrongSecretOrNoneIsToldAndChangesNothing() throws Exception {
        String keysBefore = admin("keys", "list").out();
        Path wrong = dir.resolve("wrong-secret");
        Files.writeString(wrong, "not-the-secret");
        ApisecRunner.Result refused = ApisecRunner.run("keys", "rotate", "--token-server", demo.issuer(), "--admin",
                demo.adminUrl(), "--cacert", demo.dir().resolve("ca.pem").toString(), "--client-secret-file",
                wrong.toString());
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("the token server refused admin an admin token")
                .doesNotContain("not-the-secret");
        assertThat(refused.out()).isEmpty();

        ApisecRunner.Result none = ApisecRunner.run("keys", "list", "--token-server", demo.issuer(), "--admin",
                demo.adminUrl(), "--cacert", demo.dir().resolve("ca.pem").toString());
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("--client-secret-file").contains("APISEC_ADMIN_SECRET");

        assertThat(admin("keys", "list").out()).as("the refused rotation changed nothing").isEqualTo(keysBefore);
    }

    @Test
    void onlyHttpsUrlsAndPlainIdsAreAccepted() {
        for (String[] urls : new String[][] {{"http://localhost:1", demo.adminUrl()}, {demo.issuer(), "http://localhost:1"}}) {
            ApisecRunner.Result plain = ApisecRunner.run("keys", "list", "--token-server", urls[0], "--admin", urls[1],
                    "--client-secret-file", demo.dir().resolve("secrets").resolve("admin").toString());
            assertThat(plain.status()).isEqualTo(2);
            assertThat(plain.err()).contains("http://localhost:1 is not an https URL");
        }
        for (String id : new String[] {"..", ".", ""}) {
            ApisecRunner.Result dots = admin("keys", "revoke", id);
            assertThat(dots.status()).as(id).isEqualTo(2);
            assertThat(dots.err()).contains("is not an id");
        }
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedIsRefused() {
        ApisecRunner.Result untrusted = ApisecRunner.run("keys", "list", "--token-server", demo.issuer(), "--admin",
                demo.adminUrl(), "--client-secret-file", demo.dir().resolve("secrets").resolve("admin").toString());
        assertThat(untrusted.status()).isEqualTo(1);
        assertThat(untrusted.err()).contains("cannot reach").contains("SSL");
    }

    private static int token(String client) throws Exception {
        return tokenWith(client, Files.readString(demo.dir().resolve("secrets").resolve(client)).strip());
    }

    private static int tokenWith(String client, String secret) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(demo.trust()).build();
        return http.send(HttpRequest.newBuilder(URI.create(demo.issuer() + "/oauth/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((client + ":" + secret).getBytes()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
