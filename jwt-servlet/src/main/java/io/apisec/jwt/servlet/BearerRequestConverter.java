package io.apisec.jwt.servlet;

import io.apisec.jwt.BearerCredentials;
import io.apisec.jwt.TokenRejectedException;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The HTTP half of finding a request's bearer token: reads where credentials could be, and leaves
 * deciding which are acceptable to {@link BearerCredentials}. It looks for {@code access_token} in the
 * query and in a form body only so that such requests are refused, the way Spring Security's
 * {@code DefaultBearerTokenResolver} finds them.
 */
final class BearerRequestConverter {

    static final String ACCESS_TOKEN = "access_token";
    private static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

    private BearerRequestConverter() {
    }

    /** The bare token of {@code request}, or the rejection {@link BearerCredentials} decides on. */
    static String token(HttpServletRequest request) throws TokenRejectedException {
        Enumeration<String> headers = request.getHeaders("Authorization");
        List<String> authorization = headers == null ? List.of() : Collections.list(headers);
        boolean inQuery = hasParameter(request.getQueryString(), ACCESS_TOKEN);
        // The container merges query and body parameters; with the query ruled out, a value is from the body.
        boolean inBody = !inQuery && isFormContent(request.getContentType())
                && request.getParameterValues(ACCESS_TOKEN) != null;
        return BearerCredentials.extract(authorization, inQuery, inBody);
    }

    /**
     * Whether the raw (still encoded) query string has a parameter called {@code name}, with or
     * without a value. Parsed here rather than with {@code getParameter}, which would also read the body.
     */
    static boolean hasParameter(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return false;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            if (name.equals(decode(equals < 0 ? pair : pair.substring(0, equals)))) {
                return true;
            }
        }
        return false;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A malformed escape: the raw name still holds a '%', so it equals no name we look for.
            return raw;
        }
    }

    /** Whether the media type is a URL-encoded form, ignoring case and parameters such as {@code charset}. */
    static boolean isFormContent(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return mediaType.strip().equalsIgnoreCase(FORM_CONTENT_TYPE);
    }
}
