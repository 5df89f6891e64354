package io.apisec.jwt.jwks;

import com.nimbusds.jose.util.DefaultResourceRetriever;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * Nimbus's HTTP retriever with redirects refused: a redirect could lead from a checked URL (HTTPS, or
 * HTTP on loopback) to one that would not pass {@link EndpointRule}. A 3xx answer is a failed fetch.
 */
final class NoRedirectRetriever extends DefaultResourceRetriever {

    NoRedirectRetriever(int connectTimeout, int readTimeout, int sizeLimit, SSLSocketFactory sslSocketFactory) {
        super(connectTimeout, readTimeout, sizeLimit, true, sslSocketFactory);
    }

    @Override
    protected HttpURLConnection openHTTPConnection(URL url) throws IOException {
        HttpURLConnection connection = super.openHTTPConnection(url);
        connection.setInstanceFollowRedirects(false);
        return connection;
    }
}
