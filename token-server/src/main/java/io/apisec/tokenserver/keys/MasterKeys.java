package io.apisec.tokenserver.keys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Where the master key comes from: the configured value (environment or file, checked at load); in dev
 * mode only, a key generated once and kept in {@code data/dev-master-key}, with a warning. Outside dev
 * mode the server refuses to start without a master key (the configuration says so first).
 */
public final class MasterKeys {

    private static final Logger LOG = LoggerFactory.getLogger(MasterKeys.class);
    static final Path DEV_KEY_FILE = Path.of("data", "dev-master-key");

    private MasterKeys() {
    }

    public static MasterKey resolve(Optional<String> configured, boolean devMode) {
        if (configured.isPresent()) {
            return MasterKey.fromBase64(configured.get());
        }
        if (!devMode) {
            throw new IllegalStateException("keys: no master key; set master-key-env or master-key-file "
                    + "(make one with: openssl rand -base64 32)");
        }
        try {
            if (Files.exists(DEV_KEY_FILE)) {
                return MasterKey.fromBase64(Files.readString(DEV_KEY_FILE));
            }
            MasterKey generated = MasterKey.generate();
            Files.createDirectories(DEV_KEY_FILE.getParent());
            Files.writeString(DEV_KEY_FILE, generated.toBase64());
            try {
                Files.setPosixFilePermissions(DEV_KEY_FILE, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                LOG.warn("Cannot restrict the permissions of {} on this file system", DEV_KEY_FILE);
            }
            LOG.warn("DEV MODE: generated a master key in {}; never use dev mode in production", DEV_KEY_FILE);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the dev master key in " + DEV_KEY_FILE, e);
        }
    }
}
