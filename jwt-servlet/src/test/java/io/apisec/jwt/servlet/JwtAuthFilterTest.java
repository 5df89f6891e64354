package io.apisec.jwt.servlet;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.apisec.jwt.Rejection;
import io.apisec.jwt.testing.JwksServer;
import io.apisec.jwt.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JwtAuthFilter} and the scope filter in a real Jetty, called over HTTP on loopback. Every
 * refused request is shown to be answered by the filter alone (the servlet's hit counter stays 0),
 * uncacheable, and without the token in the body.
 */
class JwtAuthFilterTest {

    private static final String PATH = "/api/items";
    private static final String SCOPED_PATH = "/api/orders/42";
    private static final String BARE_CHALLENGE = "Bearer realm=\"" + ProtectedApi.REALM + "\"";
    private static final String FORM = "application/x-www-form-urlencoded";

    private ProtectedApi api;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        api = ProtectedApi.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        api.stop();
    }

    @Test
    void requestWithValidTokenReachesServlet() throws Exception {
        HttpResponse<String> response = send(request(PATH).header("Authorization", "Bearer " + api.token().sign()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("alice");
        assertThat(api.hits()).isEqualTo(1);
    }

    @Test
    void requestWithoutTokenIsRefusedWith401AndChallengeWithoutError() throws Exception {
        HttpResponse<String> response = send(request(PATH));

        assertRefused(response, 401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(BARE_CHALLENGE);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void requestWithExpiredTokenIsRefusedWith401InvalidToken() throws Exception {
        Instant now = api.clock().instant();
        String token = api.token().issuedAt(now.minus(Duration.ofMinutes(10)))
                .expiresAt(now.minus(Duration.ofMinutes(5))).sign();

        HttpResponse<String> response = send(request(PATH).header("Authorization", "Bearer " + token));

        assertRefused(response, 401, token);
        assertThat(challenge(response)).startsWith(BARE_CHALLENGE + ", error=\"invalid_token\", error_description=\"");
        assertThat(json(response)).containsEntry("error", "invalid_token").containsKey("error_description");
    }

    @Test
    void requestWithTokenForAnotherAudienceIsRefusedWith401InvalidToken() throws Exception {
        String token = api.token().claim("aud", "billing-api").sign();

        HttpResponse<String> response = send(request(PATH).header("Authorization", "Bearer " + token));

        assertRefused(response, 401, token);
        assertThat(challenge(response)).contains("error=\"invalid_token\"");
        assertThat(json(response)).containsEntry("error", "invalid_token");
    }

    @Test
    void requestWithTokenSignedByUnpublishedKeyWhileJwksIsUpIsRefusedWith401InvalidToken() throws Exception {
        String token = api.tokenSignedBy(TestKeys.ec("k2")).sign();

        HttpResponse<String> response = send(request(PATH).header("Authorization", "Bearer " + token));

        assertRefused(response, 401, token);
        assertThat(json(response)).containsEntry("error", "invalid_token");
    }

    @Test
    void requestWithBasicCredentialsIsRefusedWith401AndChallengeWithoutError() throws Exception {
        HttpResponse<String> response = send(request(PATH).header("Authorization", "Basic YWxpY2U6c2VjcmV0"));

        assertRefused(response, 401, "YWxpY2U6c2VjcmV0");
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(BARE_CHALLENGE);
    }

    @Test
    void requestWithMalformedBearerHeaderIsRefusedWith400InvalidRequest() throws Exception {
        String token = api.token().sign();

        HttpResponse<String> response = send(request(PATH).header("Authorization", "Bearer " + token + " extra"));

        assertRefused(response, 400, token);
        assertThat(challenge(response)).contains("error=\"invalid_request\"");
        assertThat(json(response)).containsEntry("error_description", Rejection.MALFORMED_AUTHORIZATION.description());
    }

    @Test
    void requestWithTokenInHeaderAndQueryIsRefusedWith400InvalidRequest() throws Exception {
        String token = api.token().sign();

        HttpResponse<String> response = send(request(PATH + "?access_token=" + token)
                .header("Authorization", "Bearer " + token));

        assertRefused(response, 400, token);
        assertThat(challenge(response)).contains("error=\"invalid_request\"");
        assertThat(json(response)).containsEntry("error", "invalid_request")
                .containsEntry("error_description", Rejection.MULTIPLE_CREDENTIALS.description());
    }

    @Test
    void requestWithTwoAuthorizationHeadersIsRefusedWith400InvalidRequest() throws Exception {
        String first = api.token().sign();
        String second = api.token().sign();

        // A raw request, so that the two header fields reach the server as sent, not merged.
        RawHttp.Response response = RawHttp.send(api.port(), "GET " + PATH + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Authorization: Bearer " + first + "\r\n"
                + "Authorization: Bearer " + second + "\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_request\"");
        assertThat(JSONObjectUtils.parse(response.body()))
                .containsEntry("error_description", Rejection.MULTIPLE_CREDENTIALS.description());
        assertThat(response.body()).doesNotContain(first).doesNotContain(second);
        assertThat(api.hits()).isZero();
    }

    @Test
    void requestWithTokenOnlyInQueryIsRefusedWith400InvalidRequest() throws Exception {
        String token = api.token().sign();

        HttpResponse<String> response = send(request(PATH + "?page=2&access_token=" + token));

        assertRefused(response, 400, token);
        assertThat(json(response)).containsEntry("error", "invalid_request")
                .containsEntry("error_description", Rejection.TOKEN_NOT_IN_HEADER.description());
    }

    @Test
    void requestWithPercentEncodedAccessTokenNameInQueryIsRefusedWith400InvalidRequest() throws Exception {
        String token = api.token().sign();

        HttpResponse<String> response = send(request(PATH + "?access%5Ftoken=" + token));

        assertRefused(response, 400, token);
        assertThat(json(response)).containsEntry("error_description", Rejection.TOKEN_NOT_IN_HEADER.description());
    }

    @Test
    void requestWithAccessTokenOnlyAsQueryValueReachesServlet() throws Exception {
        HttpResponse<String> response = send(request(PATH + "?search=access_token&access_tokens=1")
                .header("Authorization", "Bearer " + api.token().sign()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(api.hits()).isEqualTo(1);
    }

    @Test
    void requestWithTokenOnlyInFormBodyIsRefusedWith400InvalidRequest() throws Exception {
        String token = api.token().sign();

        HttpResponse<String> response = send(request(PATH)
                .header("Content-Type", "Application/X-WWW-Form-URLEncoded; charset=UTF-8")
                .POST(BodyPublishers.ofString("note=hello&access_token=" + token)));

        assertRefused(response, 400, token);
        assertThat(json(response)).containsEntry("error", "invalid_request")
                .containsEntry("error_description", Rejection.TOKEN_NOT_IN_HEADER.description());
    }

    @Test
    void requestWithTokenInHeaderAndFormBodyIsRefusedWith400InvalidRequest() throws Exception {
        String token = api.token().sign();

        HttpResponse<String> response = send(request(PATH)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", FORM)
                .POST(BodyPublishers.ofString("access_token=" + token)));

        assertRefused(response, 400, token);
        assertThat(json(response)).containsEntry("error_description", Rejection.MULTIPLE_CREDENTIALS.description());
    }

    @Test
    void formRequestWithTokenOnlyInHeaderReachesServlet() throws Exception {
        HttpResponse<String> response = send(request(PATH)
                .header("Authorization", "Bearer " + api.token().sign())
                .header("Content-Type", FORM)
                .POST(BodyPublishers.ofString("note=access_token")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(api.hits()).isEqualTo(1);
    }

    @Test
    void jsonRequestWithAccessTokenFieldAndTokenInHeaderReachesServlet() throws Exception {
        HttpResponse<String> response = send(request(PATH)
                .header("Authorization", "Bearer " + api.token().sign())
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"access_token\":\"not-a-credential-here\"}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(api.hits()).isEqualTo(1);
    }

    @Test
    void tokenWithoutRequiredScopeIsRefusedWith403InsufficientScope() throws Exception {
        String token = api.token().scope("orders:read").sign();

        HttpResponse<String> response = send(request(SCOPED_PATH).header("Authorization", "Bearer " + token));

        assertRefused(response, 403, token);
        assertThat(challenge(response)).startsWith(BARE_CHALLENGE + ", error=\"insufficient_scope\"")
                .endsWith(", scope=\"" + ProtectedApi.WRITE_SCOPE + "\"");
        assertThat(json(response)).containsEntry("error", "insufficient_scope")
                .containsEntry("scope", ProtectedApi.WRITE_SCOPE);
    }

    @Test
    void tokenWithRequiredScopeReachesScopedServlet() throws Exception {
        String token = api.token().scope("orders:read " + ProtectedApi.WRITE_SCOPE).sign();

        HttpResponse<String> response = send(request(SCOPED_PATH).header("Authorization", "Bearer " + token));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("alice");
        assertThat(api.hits()).isEqualTo(1);
    }

    @Test
    void scopeFilterWithoutAuthFilterAheadFailsClosedWith500() throws Exception {
        String token = api.token().scope(ProtectedApi.WRITE_SCOPE).sign();

        HttpResponse<String> response = send(request("/misconfigured/1").header("Authorization", "Bearer " + token));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).doesNotContain(token);
        assertThat(api.hits()).isZero();
    }

    @Test
    void tokenSignedByUnknownKeyWhileJwksIsDownIsAnswered503WithoutChallenge() throws Exception {
        api.keySource().load();
        assertThat(api.jwks().jwksFetches()).isEqualTo(1);
        api.jwks().mode(JwksServer.Mode.DOWN);
        String token = api.tokenSignedBy(TestKeys.ec("k2")).sign();

        HttpResponse<String> response = send(request(PATH).header("Authorization", "Bearer " + token));

        assertRefused(response, 503, token);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(json(response)).containsEntry("status", 503L).doesNotContainKey("error");
    }

    @Test
    void tokenSignedByKnownKeyWhileJwksIsDownReachesServlet() throws Exception {
        api.keySource().load();
        api.jwks().mode(JwksServer.Mode.DOWN);
        api.clock().advance(Duration.ofMinutes(10)); // past the cache TTL, inside the outage tolerance
        String token = api.token().sign();

        HttpResponse<String> response = send(request(PATH).header("Authorization", "Bearer " + token));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(api.hits()).isEqualTo(1);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(api.uri(pathAndQuery)).timeout(Duration.ofSeconds(10));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), BodyHandlers.ofString());
    }

    /** What every refusal shares: the status, no caching, the servlet never reached, no token echoed. */
    private void assertRefused(HttpResponse<String> response, int status, String... sentCredentials) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(api.hits()).isZero();
        for (String credential : sentCredentials) {
            assertThat(response.body()).doesNotContain(credential);
            assertThat(response.headers().map().values()).allSatisfy(values ->
                    assertThat(values).noneMatch(value -> value.contains(credential)));
        }
    }

    private static String challenge(HttpResponse<String> response) {
        assertThat(response.headers().allValues("WWW-Authenticate")).hasSize(1);
        return response.headers().firstValue("WWW-Authenticate").orElseThrow();
    }

    private static Map<String, Object> json(HttpResponse<String> response) throws ParseException {
        return JSONObjectUtils.parse(response.body());
    }
}
