package io.apisec.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One mapping of the YAML file, read key by key: every key it holds must be one the reader asked for (a typo
 * is an error, not a silent default), and every error names the full key, such as {@code routes[orders].auth}.
 * A value (a scalar or a list of scalars, not a mapping) may be overridden by an environment variable named
 * after its key: {@code APISEC_GATEWAY_} then the key in upper case, each run of other characters {@code _}
 * ({@code server.port}: {@code APISEC_GATEWAY_SERVER_PORT}; {@code routes[orders].upstream}:
 * {@code APISEC_GATEWAY_ROUTES_ORDERS_UPSTREAM}), its value read as YAML ({@code 8443}, {@code [GET, POST]}).
 */
final class Section {

    static final String OVERRIDE_PREFIX = "APISEC_GATEWAY_";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final JsonNode node;
    private final String path;
    private final Set<String> allowed;
    private final Map<String, String> environment;
    private final Set<String> consulted;

    /** @param consulted collects every override variable the reading looked up, to find those that name no key */
    Section(JsonNode node, String path, Set<String> allowed, Map<String, String> environment, Set<String> consulted) {
        this.node = node;
        this.path = path;
        this.allowed = allowed;
        this.environment = environment;
        this.consulted = consulted;
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

    /** The file's node for {@code name}: a mapping or list of mappings, never overridden. */
    Optional<JsonNode> node(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    /** The value of {@code name}: the environment's override if there is one, else the file's. */
    private Optional<JsonNode> value(String name) {
        String variable = overrideVariable(key(name));
        consulted.add(variable);
        String override = environment.get(variable);
        if (override == null) {
            return node(name);
        }
        try {
            JsonNode parsed = YAML.readTree(override);
            if (parsed == null || parsed.isMissingNode() || parsed.isNull() || parsed.isObject()) {
                throw error(key(name), "is overridden by " + variable + " with a value that is not a text, number or"
                        + " list");
            }
            return Optional.of(parsed);
        } catch (JsonProcessingException e) {
            throw error(key(name), "is overridden by " + variable + " with a value that is not valid YAML");
        }
    }

    /** The key, and the variable that set it when one did: what an error message names. */
    String label(String name) {
        String variable = overrideVariable(key(name));
        return environment.containsKey(variable) ? key(name) + " (set by " + variable + ")" : key(name);
    }

    /** The environment variable that overrides {@code key}. */
    static String overrideVariable(String key) {
        return OVERRIDE_PREFIX + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("_+$", "");
    }

    Section section(String name, Set<String> keys) {
        return new Section(node(name).orElseThrow(() -> error(key(name), "is required")), key(name), keys,
                environment, consulted);
    }

    /**
     * An optional mapping: present when the file holds it, or when an environment variable overrides one of its
     * keys (an override is never ignored because its section is missing from the file).
     */
    Optional<Section> optionalSection(String name, Set<String> keys) {
        if (node(name).isPresent()) {
            return Optional.of(section(name, keys));
        }
        String prefix = overrideVariable(key(name)) + "_";
        return environment.keySet().stream().anyMatch(variable -> variable.startsWith(prefix))
                ? Optional.of(new Section(JsonNodeFactory.instance.objectNode(), key(name), keys, environment, consulted))
                : Optional.empty();
    }

    /** A mapping found in a list, such as one route. */
    Section item(JsonNode item, String itemPath, Set<String> keys) {
        return new Section(item, itemPath, keys, environment, consulted);
    }

    Optional<String> optionalText(String name) {
        return value(name).map(value -> {
            if (!value.isValueNode() || value.asText().isBlank()) {
                throw error(label(name), "must be a non-empty text");
            }
            return value.asText();
        });
    }

    String text(String name) {
        return optionalText(name).orElseThrow(() -> error(label(name), "is required"));
    }

    long number(String name, long fallback, long min, long max) {
        Optional<JsonNode> value = value(name);
        if (value.isEmpty()) {
            return fallback;
        }
        if (!value.get().canConvertToLong() || !value.get().isIntegralNumber()) {
            throw error(label(name), "must be a whole number");
        }
        long number = value.get().asLong();
        if (number < min || number > max) {
            throw error(label(name), "is " + number + "; it must be between " + min + " and " + max);
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
                throw error(label(name), "must be longer than zero");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw error(label(name), "is \"" + value.get() + "\"; write an ISO-8601 duration such as PT30S or PT5M");
        }
    }

    List<String> texts(String name) {
        Optional<JsonNode> value = value(name);
        if (value.isEmpty()) {
            return List.of();
        }
        if (!value.get().isArray()) {
            throw error(label(name), "must be a list, such as [a, b]");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : value.get()) {
            if (!item.isValueNode() || item.asText().isBlank()) {
                throw error(label(name), "must hold non-empty texts");
            }
            texts.add(item.asText());
        }
        return texts;
    }

    /** A mapping of names to texts, such as headers and their values; file only. */
    Map<String, String> textMap(String name) {
        Optional<JsonNode> value = node(name);
        if (value.isEmpty()) {
            return Map.of();
        }
        if (!value.get().isObject()) {
            throw error(key(name), "must be a mapping of names to texts");
        }
        Map<String, String> texts = new java.util.TreeMap<>();
        value.get().fields().forEachRemaining(field -> {
            if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                throw error(key(name) + "." + field.getKey(), "must be a text");
            }
            texts.put(field.getKey(), field.getValue().asText());
        });
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
    String secretFromEnvironment(String name) {
        String variable = text(name);
        consulted.add(variable);
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
