package io.apisec.jwt.servlet;

import io.apisec.jwt.AccessToken;
import io.apisec.jwt.BearerChallenge;
import io.apisec.jwt.BearerErrorResponse;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.KeySourceUnavailableException;
import io.apisec.jwt.TokenRejectedException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Objects;

/**
 * Protects servlets with bearer access tokens (RFC 6750): a request reaches the rest of the chain only
 * with exactly one valid token, sent in the {@code Authorization} header. Every other request is
 * answered here through {@link BearerErrorResponse}, so a servlet application answers exactly as the
 * other apisec adapters do: refused credentials with 400, 401 or 403 and a challenge, keys that cannot
 * be had with 503, and never by letting the request through.
 *
 * <p>Servlets read the verified token with {@link #accessToken(HttpServletRequest)}. Validation is
 * synchronous and may block while keys are fetched, which servlet threads may do. To refuse a token
 * sent in a URL-encoded form body, the filter asks the container for that form's parameters, which
 * reads the body: servlets behind it read such forms with {@code getParameter}, not the input stream.
 */
public final class JwtAuthFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthFilter.class);

    /** Only this class writes the attribute, and only with a token the validator verified. */
    private static final String ACCESS_TOKEN_ATTRIBUTE = JwtAuthFilter.class.getName() + ".accessToken";

    private final JwtValidator validator;
    private final String realm;

    /**
     * @param validator the validator for the one issuer this application trusts
     * @param realm     the realm named in {@code WWW-Authenticate}; checked now, not at request time
     */
    public JwtAuthFilter(JwtValidator validator, String realm) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.realm = BearerChallenge.requireValidRealm(realm);
    }

    /**
     * A filter that lets a request through only if its token grants every one of {@code scopes}, and
     * answers 403 {@code insufficient_scope} otherwise. Map it after a {@code JwtAuthFilter}, on the
     * paths that need the scopes.
     *
     * @throws IllegalArgumentException when the realm or a scope is malformed, or no scope is given
     */
    public static Filter requireScopes(String realm, String... scopes) {
        return new RequireScopesFilter(realm, scopes);
    }

    /**
     * The token this filter verified for {@code request}.
     *
     * @throws IllegalStateException when no {@code JwtAuthFilter} ran for the request: a mapping
     *                               mistake, which must fail rather than look like an anonymous user
     */
    public static AccessToken accessToken(HttpServletRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.getAttribute(ACCESS_TOKEN_ATTRIBUTE) instanceof AccessToken token) {
            return token;
        }
        throw new IllegalStateException("No verified access token on this request: JwtAuthFilter did not run "
                + "for it. Map JwtAuthFilter to this path (" + request.getRequestURI() + "), ahead of the filters "
                + "and servlets that read the token");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException("JwtAuthFilter protects HTTP requests only");
        }
        AccessToken token;
        try {
            token = validator.validate(BearerRequestConverter.token(request));
        } catch (TokenRejectedException e) {
            // The client's fault, and frequent under attack: debug, with the reason code only.
            LOG.debug("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), e.reason().name());
            BearerErrorWriter.write(response, BearerErrorResponse.of(e, realm));
            return;
        } catch (KeySourceUnavailableException e) {
            // Our fault; the key source logs each failed fetch once at WARN. Per request, debug keeps an
            // outage from flooding the log. The message names the key source, never the token.
            LOG.debug("Keys unavailable, answered 503 to {} {}: {}", request.getMethod(), request.getRequestURI(),
                    e.getMessage());
            BearerErrorWriter.write(response, BearerErrorResponse.of(e, realm));
            return;
        }
        LOG.debug("Accepted {} {}: client_id={}, jti={}", request.getMethod(), request.getRequestURI(),
                token.clientId().orElse("-"), token.tokenId().orElse("-"));
        request.setAttribute(ACCESS_TOKEN_ATTRIBUTE, token);
        chain.doFilter(request, response);
    }
}
