package io.apisec.jwt.jwks;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

/**
 * Finds an issuer's {@code jwks_uri} from its metadata: RFC 8414 first
 * ({@code /.well-known/oauth-authorization-server} inserted before the issuer's path), then OpenID
 * Connect Discovery ({@code /.well-known/openid-configuration} appended). The metadata must name
 * exactly the configured issuer (RFC 8414 section 3.3), or it is refused.
 */
final class IssuerDiscovery {

    private final URI issuer;
    private final ResourceRetriever retriever;

    IssuerDiscovery(URI issuer, ResourceRetriever retriever) {
        this.issuer = issuer;
        this.retriever = retriever;
    }

    List<URI> metadataLocations() {
        String path = issuer.getRawPath() == null ? "" : issuer.getRawPath();
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        URI origin = URI.create(issuer.getScheme() + "://" + issuer.getRawAuthority());
        return List.of(
                origin.resolve("/.well-known/oauth-authorization-server" + trimmed),
                origin.resolve(trimmed + "/.well-known/openid-configuration"));
    }

    URI discoverJwksUri() throws IOException {
        IOException first = null;
        for (URI location : metadataLocations()) {
            try {
                return readJwksUri(location);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        throw first;
    }

    /** A remote value fit for a log line: no control characters (no forged log lines), bounded length. */
    private static String printable(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c != 0x7f ? c : '?');
        }
        return out.toString();
    }

    private URI readJwksUri(URI location) throws IOException {
        URL url = location.toURL();
        Resource resource = retriever.retrieveResource(url);
        Map<String, Object> metadata;
        try {
            metadata = JSONObjectUtils.parse(resource.getContent());
        } catch (ParseException e) {
            throw new IOException("metadata at " + location + " is not a JSON object", e);
        }
        Object declaredIssuer = metadata.get("issuer");
        if (!issuer.toString().equals(declaredIssuer)) {
            throw new IOException("metadata at " + location + " names issuer '" + printable(declaredIssuer)
                    + "', not the configured '" + issuer + "'");
        }
        Object jwksUri = metadata.get("jwks_uri");
        if (!(jwksUri instanceof String value)) {
            throw new IOException("metadata at " + location + " has no jwks_uri string");
        }
        try {
            return EndpointRule.requireSecure("jwks_uri from " + location, URI.create(value));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
