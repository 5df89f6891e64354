package io.apisec.tokenserver.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the YAML file into a Jackson tree while recording the line of every key, which a tree alone
 * forgets. A key given twice is refused rather than silently replaced.
 */
final class YamlDocumentReader {

    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Path file;
    private final JsonParser parser;
    private final Map<String, Integer> lines = new HashMap<>();

    private YamlDocumentReader(Path file, JsonParser parser) {
        this.file = file;
        this.parser = parser;
    }

    static ConfigDocument read(Path file) {
        return parse(file, readText(file));
    }

    /** {@code text} read as if it were {@code file} (also a request body, named so for error messages). */
    static ConfigDocument parse(Path file, String text) {
        try (JsonParser parser = YAML.createParser(text)) {
            return new YamlDocumentReader(file, parser).readDocument();
        } catch (StreamReadException e) {
            JsonLocation at = e.getLocation();
            Integer line = at == null || at.getLineNr() < 1 ? null : at.getLineNr();
            throw new ConfigException(file, line, null, null, "not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(file, null, null, null, "cannot be parsed: " + e.getMessage(), e);
        }
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, null, null, null, "the file does not exist", e);
        } catch (AccessDeniedException e) {
            throw new ConfigException(file, null, null, null, "the file cannot be read: permission denied", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, null, null, null, "the file is not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException(file, null, null, null, "the file cannot be read: " + e.getMessage(), e);
        }
    }

    private ConfigDocument readDocument() throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new ConfigException(file, null, null, null, "the file is empty; at least 'issuer' is required", null);
        }
        if (first != JsonToken.START_OBJECT) {
            throw new ConfigException(file, currentLine(), null, null,
                    "the top level must be a mapping of keys such as 'issuer:' and 'server:'", null);
        }
        ObjectNode root = readObject("");
        if (parser.nextToken() != null) {
            throw new ConfigException(file, currentLine(), null, null,
                    "the file holds more than one YAML document; keep the whole configuration in one", null);
        }
        return new ConfigDocument(file, root, lines);
    }

    private JsonNode readValue(String path) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> readObject(path);
            case START_ARRAY -> readArray(path);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> NODES.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new ConfigException(file, currentLine(), path, null,
                    "holds a kind of value the configuration does not use (" + token + ")", null);
        };
    }

    private ObjectNode readObject(String path) throws IOException {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            String keyPath = KeyPath.child(path, key);
            int line = currentLine();
            if (object.has(key)) {
                throw new ConfigException(file, line, keyPath, null, "the key " + Quote.of(key)
                        + " appears twice in the same mapping (first at line " + lines.get(keyPath) + "); keep one", null);
            }
            lines.put(keyPath, line);
            parser.nextToken();
            object.set(key, readValue(keyPath));
        }
        return object;
    }

    private ArrayNode readArray(String path) throws IOException {
        ArrayNode array = NODES.arrayNode();
        for (int index = 0; parser.nextToken() != JsonToken.END_ARRAY; index++) {
            if (!parser.hasCurrentToken()) {
                throw new ConfigException(file, null, path, null, "the list is not closed", null);
            }
            String elementPath = KeyPath.element(path, index);
            lines.put(elementPath, currentLine());
            array.add(readValue(elementPath));
        }
        return array;
    }

    private int currentLine() {
        return parser.currentTokenLocation().getLineNr();
    }
}
