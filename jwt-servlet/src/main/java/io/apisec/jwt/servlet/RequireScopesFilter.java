package io.apisec.jwt.servlet;

import io.apisec.jwt.BearerChallenge;
import io.apisec.jwt.BearerErrorResponse;
import io.apisec.jwt.ScopeTokens;
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

/**
 * Coarse-grained access: lets a request through only if its verified token grants every required
 * scope, and answers 403 {@code insufficient_scope}, naming the scopes, otherwise. It reads the token
 * {@link JwtAuthFilter} verified, so when that filter did not run it fails (500) instead of allowing.
 * Created by {@link JwtAuthFilter#requireScopes}.
 */
final class RequireScopesFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(RequireScopesFilter.class);

    private final String realm;
    private final String[] scopes;

    RequireScopesFilter(String realm, String... scopes) {
        this.realm = BearerChallenge.requireValidRealm(realm);
        this.scopes = ScopeTokens.requireValid(scopes).toArray(String[]::new);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException("The scope filter protects HTTP requests only");
        }
        try {
            JwtAuthFilter.accessToken(request).requireScopes(scopes);
        } catch (TokenRejectedException e) {
            LOG.debug("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), e.reason().name());
            BearerErrorWriter.write(response, BearerErrorResponse.of(e, realm));
            return;
        }
        chain.doFilter(request, response);
    }
}
