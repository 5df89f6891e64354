package io.apisec.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One mapping of the YAML file, read key by key: every key it holds must be one the reader asked for (a typo
 * is an error, not a silent default), and every error names the full key, such as {@code routes[orders].auth}.
 */
final class Section {

    private final JsonNode node;
    private final String path;
    private final Set<String> allowed;

    Section(JsonNode node, String path, Set<String> allowed) {
        this.node = node;
        this.path = path;
        this.allowed = allowed;
        if (node == null || !node.isObject()) {
            throw error(path, "must be a mapping of keys to values");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw error(key(name), "is not a known key; the keys here are " + String.join(", ", allowed.stream()
                        .sorted().toList()));
            }
        }
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    Optional<JsonNode> node(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    Section section(String name, Set<String> keys) {
        return new Section(node(name).orElseThrow(() -> error(key(name), "is required")), key(name), keys);
    }

    Optional<String> optionalText(String name) {
        return node(name).map(value -> {
            if (!value.isValueNode() || value.asText().isBlank()) {
                throw error(key(name), "must be a non-empty text");
            }
            return value.asText();
        });
    }

    String text(String name) {
        return optionalText(name).orElseThrow(() -> error(key(name), "is required"));
    }

    long number(String name, long fallback, long min, long max) {
        Optional<JsonNode> value = node(name);
        if (value.isEmpty()) {
            return fallback;
        }
        if (!value.get().canConvertToLong() || !value.get().isIntegralNumber()) {
            throw error(key(name), "must be a whole number");
        }
        long number = value.get().asLong();
        if (number < min || number > max) {
            throw error(key(name), "is " + number + "; it must be between " + min + " and " + max);
        }
        return number;
    }

    Duration duration(String name, Duration fallback) {
        Optional<String> value = optionalText(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            Duration duration = Duration.parse(value.get());
            if (duration.isNegative() || duration.isZero()) {
                throw error(key(name), "must be longer than zero");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw error(key(name), "is \"" + value.get() + "\"; write an ISO-8601 duration such as PT30S or PT5M");
        }
    }

    List<String> texts(String name) {
        Optional<JsonNode> value = node(name);
        if (value.isEmpty()) {
            return List.of();
        }
        if (!value.get().isArray()) {
            throw error(key(name), "must be a list, such as [a, b]");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : value.get()) {
            if (!item.isValueNode() || item.asText().isBlank()) {
                throw error(key(name), "must hold non-empty texts");
            }
            texts.add(item.asText());
        }
        return texts;
    }

    List<JsonNode> list(String name) {
        JsonNode value = node(name).orElseThrow(() -> error(key(name), "is required"));
        if (!value.isArray()) {
            throw error(key(name), "must be a list");
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    /** The text of {@code name} read as the name of an environment variable, whose value is returned. */
    String secretFromEnvironment(String name, Map<String, String> environment) {
        String variable = text(name);
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            throw error(key(name), "names the environment variable " + variable + ", which is not set; set it to the"
                    + " secret");
        }
        return value;
    }

    static GatewayConfigException error(String key, String problem) {
        return new GatewayConfigException(key + " " + problem);
    }
}
