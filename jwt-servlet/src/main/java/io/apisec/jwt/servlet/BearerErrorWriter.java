package io.apisec.jwt.servlet;

import io.apisec.jwt.BearerErrorResponse;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link BearerErrorResponse} as it is, so that the status, challenge and body are decided in
 * one place for every adapter. Error answers are never cached: they depend on the credentials sent.
 */
final class BearerErrorWriter {

    private BearerErrorWriter() {
    }

    static void write(HttpServletResponse response, BearerErrorResponse answer) throws IOException {
        response.setStatus(answer.status());
        answer.wwwAuthenticate().ifPresent(challenge -> response.setHeader("WWW-Authenticate", challenge));
        answer.retryAfter().ifPresent(seconds -> response.setHeader("Retry-After", seconds));
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(answer.contentType());
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
