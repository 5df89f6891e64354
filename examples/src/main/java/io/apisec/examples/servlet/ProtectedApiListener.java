package io.apisec.examples.servlet;

import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.jwt.servlet.JwtAuthFilter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.net.URI;

/**
 * Protects a servlet application's {@code /api/*} with the apisec JWT library: the servlet example of
 * the README. Works in any Servlet 6 container; register it in {@code web.xml} or with
 * {@code @WebListener}. Servlets then read {@code JwtAuthFilter.accessToken(request)}.
 */
public final class ProtectedApiListener implements ServletContextListener {

    private JwksKeySource keys;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        // tag::servlet[]
        keys = JwksKeySource.builder().issuer(URI.create("https://login.example.com")).build();
        JwtValidator validator = JwtValidator.builder().issuer("https://login.example.com")
                .audience("orders-api").keySource(keys).build();

        ServletContext context = event.getServletContext();
        context.addFilter("apisec-jwt", new JwtAuthFilter(validator, "orders"))
                .addMappingForUrlPatterns(null, false, "/api/*");
        context.addFilter("orders-write", JwtAuthFilter.requireScopes("orders", "orders:write"))
                .addMappingForUrlPatterns(null, true, "/api/orders/*");
        // end::servlet[]
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (keys != null) {
            keys.close();
        }
    }
}
