package io.apisec.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * The demo folder's files: secrets only its owner may read (0600), created before anything is written into them,
 * and read back on the next run so the demo's clients keep their secrets.
 */
final class DemoFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DemoFiles() {
    }

    /** A folder only its owner may enter (0700), with its parents. */
    static void createPrivateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir.getParent() == null ? dir.toAbsolutePath().getParent() : dir.getParent());
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createDirectory(dir);
            }
        }
    }

    static void writePublic(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** The secret kept in {@code file} (256 random bits, hex), made on the first run. */
    static String secret(Path file) throws IOException {
        return kept(file, HexFormat.of()::formatHex);
    }

    /** The master key kept in {@code file} (32 random bytes, Base64), made on the first run. */
    static String masterKey(Path file) throws IOException {
        return kept(file, Base64.getEncoder()::encodeToString);
    }

    private static String kept(Path file, Function<byte[], String> encoding) throws IOException {
        if (!Files.exists(file)) {
            byte[] bits = new byte[32];
            RANDOM.nextBytes(bits);
            writePrivate(file, encoding.apply(bits));
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
