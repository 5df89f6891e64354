package io.apisec.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Function;

/**
 * The demo folder and its files. The folder and its {@code secrets} are the user's alone (0700), made so or, when
 * they exist already, checked to be: a folder that someone else owns or may write to could hand the demo its
 * secrets or its certificate authority. Files are written anew, never through a link; secrets and the server key
 * are 0600 from the moment they exist, and are read back on the next run so the clients keep their secrets.
 */
final class DemoFiles {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OTHERS_WRITE = EnumSet.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);
    private static final Set<PosixFilePermission> OTHERS_ANY = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private DemoFiles() {
    }

    /** A folder of the demo: made 0700, or refused when it exists and is not the user's alone. */
    static void privateDirectory(Path dir, boolean secret) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(dir, permissions("rwx------"));
            return;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new DemoFolderException(dir + " exists and is not a folder (or is a link): choose another --dir");
        }
        requireOwnedAlone(dir, secret ? OTHERS_ANY : OTHERS_WRITE, "chmod 700");
    }

    static void writePublic(Path file, String text) throws IOException {
        write(file, text, "rw-r--r--");
    }

    static void writePrivate(Path file, String text) throws IOException {
        write(file, text, "rw-------");
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
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bits = new byte[32];
            RANDOM.nextBytes(bits);
            writePrivate(file, encoding.apply(bits));
        } else if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new DemoFolderException(file + " is not a plain file: remove it and start the demo again");
        } else {
            requireOwnedAlone(file, OTHERS_ANY, "chmod 600");
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    /** Replaces {@code file} (a link is replaced, not followed) by a new one with {@code mode} from the start. */
    private static void write(Path file, String text, String mode) throws IOException {
        Files.deleteIfExists(file);
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        try (var channel = Files.newByteChannel(file, options, permissions(mode))) {
            channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static void requireOwnedAlone(Path path, Set<PosixFilePermission> forbidden, String fix)
            throws IOException {
        if (!posix()) {
            return;
        }
        String owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
        if (!owner.equals(System.getProperty("user.name"))) {
            throw new DemoFolderException(path + " belongs to " + owner + ", not to you: choose another --dir");
        }
        Set<PosixFilePermission> granted = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        granted.retainAll(forbidden);
        if (!granted.isEmpty()) {
            throw new DemoFolderException(path + " is open to others (" + PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)) + "): " + fix + " " + path
                    + ", or choose another --dir");
        }
    }

    private static FileAttribute<?>[] permissions(String mode) {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
                : new FileAttribute<?>[0];
    }

    private static boolean posix() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** The demo folder cannot be used as it is; the message says what to do. */
    static final class DemoFolderException extends IOException {
        DemoFolderException(String message) {
            super(message);
        }
    }
}
