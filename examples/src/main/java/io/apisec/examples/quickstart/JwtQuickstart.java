package io.apisec.examples.quickstart;

import com.nimbusds.jose.util.Base64URL;
import io.apisec.examples.orders.OrdersApi;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.jwks.JwksKeySource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The quickstart: starts, on loopback and over HTTPS, an issuer that stands in for the token server and
 * the orders API of {@link OrdersApi}, then sends the API honest and hostile requests and prints what
 * each one got. Run it with {@code ./quickstart}; it exits 0 only when every answer is the expected one.
 */
public final class JwtQuickstart {

    private static final String AUDIENCE = "orders-api";

    /** What one request was expected to get, and got. */
    public record Step(String request, int expected, int actual, String detail) {
        public boolean passed() {
            return expected == actual;
        }
    }

    private JwtQuickstart() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream console = System.out;
        List<Step> steps = run(console);
        boolean allPassed = steps.stream().allMatch(Step::passed);
        console.println();
        console.println(allPassed
                ? "All " + steps.size() + " requests got the expected answer."
                : "Some requests got an unexpected answer: see the lines marked MISMATCH above.");
        System.exit(allPassed ? 0 : 1);
    }

    /** Runs every step, printing each as it completes, and returns them. */
    public static List<Step> run(PrintStream out) throws Exception {
        Vertx vertx = Vertx.vertx();
        SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
        List<Step> steps = new ArrayList<>();
        try {
            DemoIssuer issuer = await(DemoIssuer.start(vertx, certificate));
            try (JwksKeySource issuerKeys = JwksKeySource.builder().issuer(issuer.issuer())
                    .sslContext(trusting(certificate)).build()) {
                JwtValidator validator = JwtValidator.builder().issuer(issuer.issuer().toString())
                        .audience(AUDIENCE).keySource(issuerKeys).build();
                HttpServer api = await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                                .setSsl(true).setKeyCertOptions(certificate.keyCertOptions()))
                        .requestHandler(OrdersApi.router(vertx, validator)).listen());
                WebClient client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
                        .setDefaultHost("localhost").setDefaultPort(api.actualPort())
                        .setTrustOptions(certificate.trustOptions()));
                out.printf("Issuer (stand-in for the token server): %s%nOrders API: https://localhost:%d%n%n",
                        issuer.issuer(), api.actualPort());
                out.printf("%-58s %8s %6s  %s%n", "request", "expected", "got", "why");
                exchange(steps, out, issuer, client);
                out.printf("%nThe JWKS was fetched %d time(s): at the first request, and once for the rotated key;"
                        + " the forged token's unknown kid fetched nothing (one refetch per 30 s at most).%n",
                        issuer.jwksFetches());
            }
        } finally {
            await(vertx.close());
        }
        return steps;
    }

    private static void exchange(List<Step> steps, PrintStream out, DemoIssuer issuer, WebClient client)
            throws Exception {
        Instant now = Instant.now();
        String reader = issuer.accessToken("alice", "orders:read", AUDIENCE, now, Duration.ofMinutes(5));
        String writer = issuer.accessToken("bob", "orders:read orders:write", AUDIENCE, now, Duration.ofMinutes(5));
        String expired = issuer.accessToken("alice", "orders:read", AUDIENCE, now.minusSeconds(900), Duration.ofMinutes(5));
        String otherApi = issuer.accessToken("alice", "orders:read", "billing-api", now, Duration.ofMinutes(5));
        String[] parts = reader.split("\\.");
        String algNone = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + parts[1] + ".";

        step(steps, out, "GET /orders/42 without a token", 401, client.get("/orders/42"));
        step(steps, out, "GET /orders/42 with alice's orders:read token", 200, bearer(client.get("/orders/42"), reader));
        step(steps, out, "POST /orders with alice's token (needs orders:write)", 403, bearer(client.post("/orders"), reader));
        step(steps, out, "POST /orders with bob's orders:write token", 201, bearer(client.post("/orders"), writer));
        // Rotation: the issuer signs with a key the API has not seen; one JWKS refetch finds it.
        issuer.rotate("demo-key-2");
        String rotated = issuer.accessToken("alice", "orders:read", AUDIENCE, Instant.now(), Duration.ofMinutes(5));
        step(steps, out, "GET /orders/42 after key rotation (new kid)", 200, bearer(client.get("/orders/42"), rotated));
        step(steps, out, "GET /orders/42 with an expired token", 401, bearer(client.get("/orders/42"), expired));
        step(steps, out, "GET /orders/42 with a token for another API", 401, bearer(client.get("/orders/42"), otherApi));
        step(steps, out, "GET /orders/42 with alg=none (signature removed)", 401, bearer(client.get("/orders/42"), algNone));
        step(steps, out, "GET /orders/42 signed by a key the issuer never published", 401,
                bearer(client.get("/orders/42"), issuer.forgedWithUnknownKey("alice", "orders:read", AUDIENCE)));
        step(steps, out, "GET /orders/42 with the token in the header and the URL", 400,
                bearer(client.get("/orders/42?access_token=" + reader), reader));
    }

    private static HttpRequest<Buffer> bearer(HttpRequest<Buffer> request, String token) {
        return request.bearerTokenAuthentication(token);
    }

    private static void step(List<Step> steps, PrintStream out, String description, int expected,
                             HttpRequest<Buffer> request) throws Exception {
        HttpResponse<Buffer> response = await(request.send());
        String challenge = response.getHeader("WWW-Authenticate");
        String detail = challenge != null ? "WWW-Authenticate: " + challenge
                : Objects.toString(response.bodyAsString(), "");
        Step step = new Step(description, expected, response.statusCode(), detail);
        steps.add(step);
        out.printf("%-58s %8d %6d  %s%s%n", description, expected, step.actual(), detail,
                step.passed() ? "" : "   <- MISMATCH");
    }

    /** Trust for the self-signed certificate only, for the key source's HTTPS client. */
    private static SSLContext trusting(SelfSignedCertificate certificate) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream pem = Files.newInputStream(Path.of(certificate.certificatePath()))) {
            store.setCertificateEntry("quickstart", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
