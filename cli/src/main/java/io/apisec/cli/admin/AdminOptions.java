package io.apisec.cli.admin;

import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;

/** How the {@code keys} and {@code clients} commands reach the token server's admin API, as its admin client. */
public final class AdminOptions {

    /** Where the secret comes from when no file is named: never from the command line, which others can read. */
    static final String SECRET_VARIABLE = "APISEC_ADMIN_SECRET";

    @Option(names = "--token-server", required = true, paramLabel = "URL",
            description = "the token server's issuer, whose /oauth/token gives the admin client its JWT")
    URI issuer;

    @Option(names = "--admin", required = true, paramLabel = "URL",
            description = "the token server's admin listener, for example https://localhost:9446")
    URI admin;

    @Option(names = "--client-id", defaultValue = "admin", paramLabel = "ID",
            description = "an admin client (audience apisec-admin, scope apisec:admin); default: ${DEFAULT-VALUE}")
    String clientId;

    @Option(names = "--client-secret-file", paramLabel = "FILE",
            description = "a file holding its secret; without it, the " + SECRET_VARIABLE + " environment variable")
    Path secretFile;

    @Option(names = "--cacert", paramLabel = "PEM",
            description = "the certificates to trust for both URLs; default: the JVM's trusted authorities")
    Path trusted;
}
