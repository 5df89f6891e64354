package io.apisec.tokenserver.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One mapping of the file read through its schema. Creating it refuses keys the schema does not know;
 * its accessors apply defaults and refuse a value of the wrong kind, naming the key path and the value.
 * A key present with the value {@code null} counts as absent.
 */
final class ConfigObject {

    private final ConfigDocument document;
    private final String path;
    private final ObjectNode node;
    private final Shape.Mapping shape;

    private ConfigObject(ConfigDocument document, String path, ObjectNode node, Shape.Mapping shape) {
        this.document = document;
        this.path = path;
        this.node = node;
        this.shape = shape;
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = entry.getKey();
            if (!shape.fields().containsKey(key)) {
                throw document.error(KeyPath.child(path, key), "unknown key " + Quote.of(key) + "; the keys accepted "
                        + (path.isEmpty() ? "at the top level" : "in " + path) + " are: "
                        + String.join(", ", shape.fields().keySet()));
            }
        }
    }

    /** The top-level mapping of {@code document}, checked against {@link ConfigSchema#ROOT}. */
    static ConfigObject root(ConfigDocument document) {
        return new ConfigObject(document, "", document.root(), ConfigSchema.ROOT);
    }

    /** The top-level mapping of {@code document}, checked against {@code shape} (a document of one section). */
    static ConfigObject root(ConfigDocument document, Shape.Mapping shape) {
        return new ConfigObject(document, "", document.root(), shape);
    }

    ConfigDocument document() {
        return document;
    }

    /** The path of this mapping, such as {@code clients[1]}. */
    String path() {
        return path;
    }

    /** The path of {@code key} in this mapping, such as {@code clients[1].id}. */
    String path(String key) {
        return KeyPath.child(path, key);
    }

    ConfigException error(String key, String problem) {
        return document.error(path(key), problem);
    }

    ConfigException error(String key, String problem, Throwable cause) {
        return document.error(path(key), problem, cause);
    }

    /** Whether {@code key} holds a value (neither absent nor {@code null}). */
    boolean has(String key) {
        return value(key, Shape.class) != null;
    }

    /** Refuses a mapping that sets both of two keys that exclude each other. */
    void rejectBoth(String first, String second) {
        if (has(first) && has(second)) {
            throw error(second, "must not be set together with " + path(first) + "; give exactly one of them");
        }
    }

    Optional<String> text(String key) {
        JsonNode value = value(key, Shape.Scalar.class);
        return value == null ? Optional.empty() : Optional.of(requireText(path(key), value));
    }

    /**
     * The text of a value that the caller parses (a duration, a choice): numbers and booleans are taken as
     * written, so that the caller's message says what is expected rather than "a string".
     */
    private Optional<String> scalarText(String key) {
        JsonNode value = value(key, Shape.Scalar.class);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isContainerNode()) {
            throw error(key, "value " + describe(value) + " is not accepted; expected a single value");
        }
        return Optional.of(value.asText());
    }

    /** The value of {@code key} as written (in the file or the environment), quoted for a message. */
    String written(String key) {
        JsonNode value = value(key, Shape.Scalar.class);
        return value == null ? "(the default)" : describe(value);
    }

    /** A duration for a message, in days when it is whole days ({@code P14D} rather than {@code PT336H}). */
    static String format(Duration duration) {
        return !duration.isZero() && duration.equals(Duration.ofDays(duration.toDays())) ? "P" + duration.toDays() + "D"
                : duration.toString();
    }

    String requiredText(String key) {
        return text(key).orElseThrow(() -> error(key, "is required"));
    }

    int integer(String key, int defaultValue, int min, int max) {
        JsonNode value = value(key, Shape.Scalar.class);
        if (value == null) {
            return defaultValue;
        }
        int number;
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            number = value.intValue();
        } else if (value.isTextual() && value.textValue().matches("-?[0-9]{1,10}")) {
            try {
                number = Integer.parseInt(value.textValue());
            } catch (NumberFormatException e) {
                throw error(key, "value " + describe(value) + " is not accepted; expected an integer from "
                        + min + " to " + max, e);
            }
        } else {
            throw error(key, "value " + describe(value) + " is not accepted; expected an integer from " + min + " to " + max);
        }
        if (number < min || number > max) {
            throw error(key, "value " + Quote.of(Integer.toString(number)) + " is out of range; expected an integer from "
                    + min + " to " + max);
        }
        return number;
    }

    boolean bool(String key, boolean defaultValue) {
        JsonNode value = value(key, Shape.Scalar.class);
        if (value == null) {
            return defaultValue;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && (value.textValue().equals("true") || value.textValue().equals("false"))) {
            return Boolean.parseBoolean(value.textValue());
        }
        throw error(key, "value " + describe(value) + " is not accepted; expected true or false");
    }

    /** A positive ISO-8601 duration such as {@code PT5M} or {@code P30D}. */
    Duration duration(String key, Duration defaultValue) {
        Optional<String> text = scalarText(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        Duration duration;
        try {
            duration = Duration.parse(text.get());
        } catch (DateTimeParseException e) {
            throw error(key, "value " + Quote.of(text.get()) + " is not an ISO-8601 duration; expected for example"
                    + " PT30S, PT5M, PT1H or P30D (days at most: months and years are not accepted)", e);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw error(key, "value " + Quote.of(text.get()) + " is not accepted; expected a duration longer than zero");
        }
        return duration;
    }

    /** One of the constants of {@code type}, spelled as {@code spelling} gives. */
    <E extends Enum<E>> Optional<E> choice(String key, Class<E> type, Function<E, String> spelling) {
        Optional<String> text = scalarText(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(type.getEnumConstants())
                .filter(constant -> spelling.apply(constant).equals(text.get()))
                .findFirst()
                .orElseThrow(() -> error(key, "value " + Quote.of(text.get()) + " is not accepted; expected one of: "
                        + spellings(type, spelling))));
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, Function<E, String> spelling, E defaultValue) {
        return choice(key, type, spelling).orElse(defaultValue);
    }

    <E extends Enum<E>> E requiredChoice(String key, Class<E> type, Function<E, String> spelling) {
        return choice(key, type, spelling).orElseThrow(() -> error(key, "is required; expected one of: "
                + spellings(type, spelling)));
    }

    static <E extends Enum<E>> String spellings(Class<E> type, Function<E, String> spelling) {
        return Arrays.stream(type.getEnumConstants()).map(spelling).collect(Collectors.joining(", "));
    }

    /** A file path; a relative one resolves against the directory of the configuration file. */
    Optional<Path> file(String key) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(document.directory().resolve(text.get()).normalize());
        } catch (InvalidPathException e) {
            throw error(key, "value " + Quote.of(text.get()) + " is not a file path: " + e.getReason(), e);
        }
    }

    /** The mapping at {@code key}; an absent one reads as empty, so that every default applies. */
    ConfigObject object(String key) {
        return optionalObject(key).orElseGet(() -> new ConfigObject(document, path(key),
                JsonNodeFactory.instance.objectNode(), mappingShape(key)));
    }

    Optional<ConfigObject> optionalObject(String key) {
        JsonNode value = value(key, Shape.Mapping.class);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw error(key, "value " + describe(value) + " is not accepted; expected a mapping of keys");
        }
        return Optional.of(new ConfigObject(document, path(key), (ObjectNode) value, mappingShape(key)));
    }

    /** The list of mappings at {@code key}; empty when absent. */
    List<ConfigObject> objects(String key) {
        JsonNode value = value(key, Shape.MappingList.class);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw error(key, "value " + describe(value) + " is not accepted; expected a list");
        }
        Shape.Mapping element = ((Shape.MappingList) shape.fields().get(key)).element();
        List<ConfigObject> objects = new ArrayList<>();
        for (int index = 0; index < value.size(); index++) {
            String elementPath = KeyPath.element(path(key), index);
            JsonNode item = value.get(index);
            if (!item.isObject()) {
                throw document.error(elementPath, "value " + describe(item) + " is not accepted; expected a mapping of keys");
            }
            objects.add(new ConfigObject(document, elementPath, (ObjectNode) item, element));
        }
        return objects;
    }

    /** The list of strings at {@code key}, in file order; empty when absent. */
    List<String> texts(String key) {
        JsonNode value = value(key, Shape.ScalarList.class);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw error(key, "value " + describe(value) + " is not accepted; expected a list such as [a, b]");
        }
        List<String> texts = new ArrayList<>();
        for (int index = 0; index < value.size(); index++) {
            texts.add(requireText(KeyPath.element(path(key), index), value.get(index)));
        }
        return texts;
    }

    /** The list of strings at {@code key}, each passing {@code rule} (described by {@code expected}) and none twice. */
    Set<String> distinctTexts(String key, Predicate<String> rule, String expected) {
        List<String> values = texts(key);
        Set<String> distinct = new LinkedHashSet<>();
        for (int index = 0; index < values.size(); index++) {
            String value = values.get(index);
            String valuePath = KeyPath.element(path(key), index);
            if (!rule.test(value)) {
                throw document.error(valuePath, "value " + Quote.of(value) + " is not accepted; expected " + expected);
            }
            if (!distinct.add(value)) {
                throw document.error(valuePath, "value " + Quote.of(value) + " is listed twice");
            }
        }
        return distinct;
    }

    /** The mapping of strings to strings at {@code key}, in file order; empty when absent. */
    Map<String, String> textMap(String key) {
        JsonNode value = value(key, Shape.StringMap.class);
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw error(key, "value " + describe(value) + " is not accepted; expected a mapping of names to strings");
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String entryPath = KeyPath.child(path(key), entry.getKey());
            if (entry.getKey().isBlank()) {
                throw document.error(entryPath, "an empty name is not accepted");
            }
            texts.put(entry.getKey(), requireText(entryPath, entry.getValue()));
        }
        return texts;
    }

    /** Errors for an element of a list or map, which has its own path. */
    ConfigException errorAt(String keyPath, String problem) {
        return document.error(keyPath, problem);
    }

    private String requireText(String valuePath, JsonNode value) {
        if (value == null || value.isNull()) {
            throw document.error(valuePath, "is empty; expected a string");
        }
        if (!value.isTextual()) {
            throw document.error(valuePath, "value " + describe(value) + " is not accepted; expected a string"
                    + (value.isValueNode() ? " (put it in quotes)" : ""));
        }
        if (value.textValue().isBlank()) {
            throw document.error(valuePath, "value " + Quote.of(value.textValue())
                    + " is not accepted; expected a non-empty string (leave the key out to use its default)");
        }
        return value.textValue();
    }

    private JsonNode value(String key, Class<? extends Shape> expected) {
        Shape declared = shape.fields().get(key);
        if (!expected.isInstance(declared)) {
            throw new IllegalStateException("the schema of '" + path + "' declares no " + expected.getSimpleName()
                    + " key '" + key + "'");
        }
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    private Shape.Mapping mappingShape(String key) {
        return (Shape.Mapping) shape.fields().get(key);
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "(a mapping)";
        }
        if (value.isArray()) {
            return "(a list)";
        }
        return Quote.of(value.asText());
    }
}
