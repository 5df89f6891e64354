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
import java.util.Base64;
import java.util.Map;

/**
 * The token server's admin API for a command line: gets the admin client's JWT (client credentials, scope
 * {@code apisec:admin}), then makes one call with it. Both over HTTPS, verified, bounded in time.
 */
final class AdminClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

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
        HttpResponse<String> answer = send(HttpRequest.newBuilder(options.admin.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build());
        JsonObject json = json(answer);
        if (answer.statusCode() / 100 != 2) {
            throw AdminCommandException.failed("the admin API answered " + answer.statusCode() + ": "
                    + json.getString("detail", json.getString("error_description", json.getString("error", answer.body()))));
        }
        return json;
    }

    /** A path segment from the user, encoded so that it can name nothing but one segment. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String token() throws AdminCommandException {
        String credentials = Base64.getEncoder().encodeToString((form(options.clientId) + ":" + form(secret))
                .getBytes(StandardCharsets.UTF_8));
        URI endpoint = URI.create(options.issuer.toString().replaceAll("/+$", "") + "/oauth/token");
        HttpResponse<String> answer = send(HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=apisec%3Aadmin")).build());
        JsonObject json = json(answer);
        if (answer.statusCode() != 200 || !(json.getValue("access_token") instanceof String token)) {
            throw AdminCommandException.failed("the token server refused " + options.clientId + " an admin token ("
                    + answer.statusCode() + " " + json.getString("error", "") + "): check the client id and its secret");
        }
        return token;
    }

    private HttpResponse<String> send(HttpRequest request) throws AdminCommandException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw AdminCommandException.failed("cannot reach " + request.uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AdminCommandException.failed("interrupted");
        }
    }

    private static JsonObject json(HttpResponse<String> answer) {
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
