package io.apisec.jwt.jwks;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.text.ParseException;

/** Reads the JWKS with one HTTP GET, after discovering its URL when configured with an issuer. */
final class HttpJwksFetcher extends JwksFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(HttpJwksFetcher.class);

    private final ResourceRetriever retriever;
    private final IssuerDiscovery discovery;
    private volatile URI jwksUri;

    HttpJwksFetcher(URI jwksUri, IssuerDiscovery discovery, ResourceRetriever retriever) {
        this.jwksUri = jwksUri;
        this.discovery = discovery;
        this.retriever = retriever;
    }

    @Override
    JWKSet read() throws IOException, ParseException {
        Resource resource = retriever.retrieveResource(resolveJwksUri().toURL());
        return JWKSet.parse(resource.getContent());
    }

    private URI resolveJwksUri() throws IOException {
        URI uri = jwksUri;
        if (uri == null) {
            uri = discovery.discoverJwksUri();
            LOG.info("Discovered jwks_uri {} from the issuer's metadata", uri);
            jwksUri = uri;
        }
        return uri;
    }

    @Override
    String describeSource() {
        URI uri = jwksUri;
        return uri != null ? uri.toString() : "the metadata of " + discovery.metadataLocations().get(0);
    }
}
