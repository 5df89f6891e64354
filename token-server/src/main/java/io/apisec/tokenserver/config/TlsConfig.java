package io.apisec.tokenserver.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The token server's TLS identity.
 *
 * @param certificate absolute path of the PEM certificate chain, checked to exist and be readable at load
 * @param privateKey  absolute path of the PEM private key, checked likewise
 */
public record TlsConfig(Path certificate, Path privateKey) {

    public TlsConfig {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
