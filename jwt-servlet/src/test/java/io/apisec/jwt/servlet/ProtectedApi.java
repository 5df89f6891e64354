package io.apisec.jwt.servlet;

import com.nimbusds.jose.jwk.JWK;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.jwt.testing.JwksServer;
import io.apisec.jwt.testing.TestClock;
import io.apisec.jwt.testing.TestKeys;
import io.apisec.jwt.testing.TestTls;
import io.apisec.jwt.testing.TestTokens;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Jetty server on loopback protecting {@code /api/*} with {@link JwtAuthFilter} and, in
 * addition, {@code /api/orders/*} with a scope filter; keys come from a real HTTPS {@link JwksServer}.
 * {@code /misconfigured/*} has the scope filter alone, as a deployment mistake would leave it.
 * The servlet behind them answers with the token's subject and counts the requests that reach it,
 * so tests can show that a refused request never does.
 */
final class ProtectedApi {

    static final String REALM = "orders";
    static final String WRITE_SCOPE = "orders:write";

    /** The published signing key; generated once, since RSA key generation is slow. */
    private static final JWK KEY = TestKeys.rsa("k1");

    private final TestClock clock = TestClock.atNow();
    private final AtomicInteger hits = new AtomicInteger();
    private final JwksServer jwks;
    private final JwksKeySource keySource;
    private final Server server;
    private final ServerConnector connector;

    private ProtectedApi() throws Exception {
        jwks = JwksServer.https();
        jwks.publish(KEY);
        keySource = JwksKeySource.builder()
                .jwksUri(jwks.jwksUri())
                .sslContext(TestTls.get().clientContext())
                .clock(clock)
                .build();
        JwtValidator validator = JwtValidator.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .keySource(keySource)
                .clock(clock)
                .build();

        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
        // Filters run in the order they are mapped: the token is verified before its scopes are read.
        context.addFilter(new FilterHolder(new JwtAuthFilter(validator, REALM)), "/api/*", requests);
        context.addFilter(new FilterHolder(JwtAuthFilter.requireScopes(REALM, WRITE_SCOPE)), "/api/orders/*", requests);
        // A mapping mistake: the scope filter without the JwtAuthFilter ahead of it.
        context.addFilter(new FilterHolder(JwtAuthFilter.requireScopes(REALM, WRITE_SCOPE)), "/misconfigured/*",
                requests);
        context.addServlet(new ServletHolder(new SubjectServlet(hits)), "/api/*");
        context.addServlet(new ServletHolder(new SubjectServlet(hits)), "/misconfigured/*");
        server.setHandler(context);
        server.start();
    }

    static ProtectedApi start() throws Exception {
        return new ProtectedApi();
    }

    /** A valid token signed by the published key; its setters break one thing on purpose. */
    TestTokens.Builder token() {
        return TestTokens.accessToken(KEY, clock);
    }

    /** A token signed by {@code key}, which the JWKS does not publish. */
    TestTokens.Builder tokenSignedBy(JWK key) {
        return TestTokens.accessToken(key, clock);
    }

    TestClock clock() {
        return clock;
    }

    JwksServer jwks() {
        return jwks;
    }

    JwksKeySource keySource() {
        return keySource;
    }

    int port() {
        return connector.getLocalPort();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /** How many requests reached the servlet. */
    int hits() {
        return hits.get();
    }

    void stop() throws Exception {
        try {
            server.stop();
        } finally {
            keySource.close();
            jwks.close();
        }
    }

    /** Answers 200 with the verified subject, whatever the method. */
    private static final class SubjectServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        private final transient AtomicInteger hits;

        SubjectServlet(AtomicInteger hits) {
            this.hits = hits;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            hits.incrementAndGet();
            String subject = JwtAuthFilter.accessToken(request).subject().orElse("");
            response.setStatus(200);
            response.setContentType("text/plain;charset=utf-8");
            response.getOutputStream().write(subject.getBytes(StandardCharsets.UTF_8));
        }
    }
}
