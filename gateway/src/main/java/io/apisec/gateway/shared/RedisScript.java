package io.apisec.gateway.shared;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** A Lua script run atomically in Redis: by its SHA-1, sent in full once when Redis does not hold it yet. */
public final class RedisScript {

    private final String source;
    private final String sha;

    private RedisScript(String source) {
        this.source = source;
        this.sha = HexFormat.of().formatHex(digest("SHA-1", source));
    }

    /** The script in resource {@code name} beside {@code owner}. */
    public static RedisScript load(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            return new RedisScript(new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Future<Response> run(RedisAPI redis, List<String> keys, List<String> arguments) {
        List<String> call = new ArrayList<>();
        call.add(sha);
        call.add(Integer.toString(keys.size()));
        call.addAll(keys);
        call.addAll(arguments);
        return redis.evalsha(call).recover(e -> {
            if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
                return Future.failedFuture(e);
            }
            List<String> withSource = new ArrayList<>(call);
            withSource.set(0, source);
            return redis.eval(withSource);
        });
    }

    /** A digest of {@code text}'s UTF-8 bytes. */
    public static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}
