package io.apisec.tokenserver.metadata;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.util.List;

/**
 * {@code GET /.well-known/oauth-authorization-server} (RFC 8414): exactly what this server supports,
 * built with Nimbus's metadata model, and nothing it does not.
 */
public final class MetadataEndpoint implements Handler<RoutingContext> {

    private final String json;

    public MetadataEndpoint(URI issuer, String signingAlgorithm) {
        String base = issuer.toString().replaceAll("/+$", "");
        AuthorizationServerMetadata metadata = new AuthorizationServerMetadata(new Issuer(issuer.toString()));
        metadata.setTokenEndpointURI(URI.create(base + "/oauth/token"));
        metadata.setJWKSetURI(URI.create(base + "/oauth/jwks"));
        metadata.setIntrospectionEndpointURI(URI.create(base + "/oauth/introspect"));
        metadata.setRevocationEndpointURI(URI.create(base + "/oauth/revoke"));
        metadata.setGrantTypes(List.of(GrantType.CLIENT_CREDENTIALS, GrantType.REFRESH_TOKEN, GrantType.TOKEN_EXCHANGE));
        List<ClientAuthenticationMethod> secretMethods = List.of(
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST);
        metadata.setTokenEndpointAuthMethods(List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                ClientAuthenticationMethod.CLIENT_SECRET_POST, ClientAuthenticationMethod.PRIVATE_KEY_JWT));
        metadata.setTokenEndpointJWSAlgs(List.of(com.nimbusds.jose.JWSAlgorithm.RS256, com.nimbusds.jose.JWSAlgorithm.PS256,
                com.nimbusds.jose.JWSAlgorithm.ES256));
        metadata.setIntrospectionEndpointAuthMethods(secretMethods);
        metadata.setRevocationEndpointAuthMethods(secretMethods);
        // RFC 9701 signed introspection responses.
        metadata.setCustomParameter("introspection_signing_alg_values_supported", List.of(signingAlgorithm));
        // No authorization endpoint yet (user flows come later): no response types.
        metadata.setResponseTypes(List.of());
        this.json = metadata.toJSONObject().toJSONString();
    }

    @Override
    public void handle(RoutingContext context) {
        context.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "public, max-age=300")
                .end(json);
    }
}
