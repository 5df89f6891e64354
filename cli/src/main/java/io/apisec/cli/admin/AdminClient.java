package io.apisec.cli.admin;

import io.apisec.cli.TrustedCertificates;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.Base64;
import java.util.Map;

/**
 * The token server's admin API for a command line: gets the admin client's JWT (client credentials, scope
 * {@code apisec:admin}), then makes one call with it. Both over HTTPS, verified, bounded in time.
 */
final class AdminClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The most of an answer read: an admin API's JSON is far smaller. */
    private static final int MAX_ANSWER_BYTES = 1 << 20;

    private final HttpClient http;
    private final AdminOptions options;
    private final String secret;

    private AdminClient(HttpClient http, AdminOptions options, String secret) {
        this.http = http;
        this.options = options;
        this.secret = secret;
    }

    /** @throws AdminCommandException when the options cannot be used (exit 2) */
    static AdminClient of(AdminOptions options, Map<String, String> environment) throws AdminCommandException {
        for (URI url : new URI[] {options.issuer, options.admin}) {
            if (!"https".equals(url.getScheme()) || url.getHost() == null) {
                throw AdminCommandException.usage(url + " is not an https URL");
            }
        }
        String secret;
        try {
            secret = options.secretFile != null ? Files.readString(options.secretFile).strip()
                    : environment.get(AdminOptions.SECRET_VARIABLE);
        } catch (IOException e) {
            throw AdminCommandException.usage("cannot read " + options.secretFile + ": " + e.getMessage());
        }
        if (secret == null || secret.isEmpty()) {
            throw AdminCommandException.usage("no secret for " + options.clientId + ": name a file with"
                    + " --client-secret-file, or set " + AdminOptions.SECRET_VARIABLE);
        }
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (options.trusted != null) {
            http.sslContext(trusting(options));
        }
        return new AdminClient(http.build(), options, secret);
    }

    /** The admin API's answer to {@code method path} (a JSON body or none), as JSON. */
    JsonObject call(String method, String path, String body) throws AdminCommandException {
        String token = token();
        Reply answer = send(HttpRequest.newBuilder(options.admin.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build());
        JsonObject json = json(answer);
        if (answer.statusCode() / 100 != 2) {
            Object said = json.getValue("detail", json.getValue("error_description", json.getValue("error")));
            throw AdminCommandException.failed("the admin API answered " + answer.statusCode()
                    + (said == null ? "" : ": " + printable(String.valueOf(said))));
        }
        if (json.isEmpty() && !answer.body().isBlank()) {
            throw AdminCommandException.failed("the admin API answered " + answer.statusCode() + " without JSON");
        }
        return json;
    }

    /**
     * A path segment from the user, encoded so that it names one segment and no other: dot segments, which a
     * server would resolve to another path, and the empty one are refused.
     */
    static String segment(String value) throws AdminCommandException {
        if (value.isEmpty() || value.equals(".") || value.equals("..")) {
            throw AdminCommandException.usage("\"" + value + "\" is not an id");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A server's text as one printable line: no control characters reach the terminal. */
    private static String printable(String text) {
        String line = text.replaceAll("\\p{Cntrl}", "?");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private String token() throws AdminCommandException {
        String credentials = Base64.getEncoder().encodeToString((form(options.clientId) + ":" + form(secret))
                .getBytes(StandardCharsets.UTF_8));
        URI endpoint = URI.create(options.issuer.toString().replaceAll("/+$", "") + "/oauth/token");
        Reply answer = send(HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=apisec%3Aadmin")).build());
        JsonObject json = json(answer);
        if (answer.statusCode() != 200 || !(json.getValue("access_token") instanceof String token)) {
            throw AdminCommandException.failed("the token server refused " + options.clientId + " an admin token ("
                    + answer.statusCode() + " " + printable(String.valueOf(json.getValue("error", "")))
                    + "): check the client id and its secret");
        }
        return token;
    }

    /** One exchange, bounded in time as a whole (a request's own timeout ends with the headers) and in size. */
    private Reply send(HttpRequest request) throws AdminCommandException {
        try {
            HttpResponse<byte[]> answer = http.sendAsync(request, info -> HttpResponse.BodySubscribers.mapping(
                    HttpResponse.BodySubscribers.ofInputStream(), AdminClient::bounded))
                    .get(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new Reply(answer.statusCode(), new String(answer.body(), StandardCharsets.UTF_8));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw AdminCommandException.failed("cannot reach " + request.uri() + ": "
                    + (e.getCause() == null ? "no answer in time" : e.getCause().toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AdminCommandException.failed("interrupted");
        }
    }

    private static byte[] bounded(InputStream in) {
        try (in) {
            byte[] body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (body.length > MAX_ANSWER_BYTES) {
                throw new java.io.UncheckedIOException(new IOException("the answer is over " + MAX_ANSWER_BYTES
                        + " bytes"));
            }
            return body;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An answer, its body read within the bounds. */
    private record Reply(int statusCode, String body) {
    }

    private static JsonObject json(Reply answer) {
        try {
            return new JsonObject(answer.body());
        } catch (DecodeException | ClassCastException notJson) {
            return new JsonObject();
        }
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static SSLContext trusting(AdminOptions options) throws AdminCommandException {
        try {
            return TrustedCertificates.of(options.trusted);
        } catch (IOException | GeneralSecurityException e) {
            throw AdminCommandException.usage("cannot use " + options.trusted + " as trusted certificates: " + e.getMessage());
        }
    }
}
