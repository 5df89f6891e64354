package io.apisec.tokenserver.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the secrets that the file names but never holds: from an environment variable ({@code *-env}
 * keys) or a file ({@code *-file} keys). A missing or empty source is refused, naming the variable or the
 * file; the secret itself never enters a message.
 */
final class SecretResolver {

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> environment;

    SecretResolver(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The secret in the environment variable that {@code key} names, if {@code key} is set. */
    Optional<Secret> fromEnvironment(ConfigObject owner, String key) {
        Optional<String> name = owner.text(key);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (!VARIABLE_NAME.matcher(name.get()).matches()) {
            throw owner.error(key, "value " + Quote.of(name.get()) + " is not an environment variable name;"
                    + " expected letters, digits and _, not starting with a digit (the name of the variable, not the secret)");
        }
        String secret = environment.get(name.get());
        if (secret == null) {
            throw owner.error(key, "environment variable " + Quote.of(name.get()) + " is not set");
        }
        if (secret.isBlank()) {
            throw owner.error(key, "environment variable " + Quote.of(name.get()) + " is empty");
        }
        return Optional.of(Secret.of(secret));
    }

    /**
     * The secret in the file that {@code key} names, if {@code key} is set; trailing line breaks are not
     * part of it.
     */
    Optional<Secret> fromFile(ConfigObject owner, String key) {
        Optional<Path> file = owner.file(key);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        String content;
        try {
            content = Files.readString(file.get());
        } catch (NoSuchFileException e) {
            throw owner.error(key, "file " + Quote.of(file.get().toString()) + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw owner.error(key, "file " + Quote.of(file.get().toString()) + " cannot be read: permission denied", e);
        } catch (CharacterCodingException e) {
            throw owner.error(key, "file " + Quote.of(file.get().toString()) + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw owner.error(key, "file " + Quote.of(file.get().toString()) + " cannot be read", e);
        }
        String secret = content.replaceFirst("[\r\n]+$", "");
        if (secret.isBlank()) {
            throw owner.error(key, "file " + Quote.of(file.get().toString()) + " is empty");
        }
        return Optional.of(Secret.of(secret));
    }

    /** Where a resolved secret came from, for a message: the variable or the file, never the value. */
    static String describeSource(ConfigObject owner, String envKey, String fileKey) {
        return owner.text(envKey).map(name -> "environment variable " + Quote.of(name))
                .or(() -> owner.file(fileKey).map(file -> "file " + Quote.of(file.toString())))
                .orElseThrow(() -> new IllegalStateException("no secret source at " + owner.path()));
    }

    /** The secret from {@code envKey} or {@code fileKey}, refusing both at once. */
    Optional<Secret> fromEither(ConfigObject owner, String envKey, String fileKey) {
        owner.rejectBoth(envKey, fileKey);
        return fromEnvironment(owner, envKey).or(() -> fromFile(owner, fileKey));
    }
}
