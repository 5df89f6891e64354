package io.apisec.tokenserver.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a key of the configuration file may hold. The schema built from these is the one list of the keys
 * that exist: it rejects unknown keys and yields the scalar keys the environment may override.
 */
sealed interface Shape {

    /** One value: a string, number or boolean. The only shape the environment may override. */
    record Scalar() implements Shape {
    }

    /** A list of strings. */
    record ScalarList() implements Shape {
    }

    /** A mapping of string keys chosen by the user to string values. */
    record StringMap() implements Shape {
    }

    /** A mapping whose keys are fixed by the schema. */
    record Mapping(Map<String, Shape> fields) implements Shape {

        static Builder builder() {
            return new Builder();
        }
    }

    /** A list of mappings of one shape. */
    record MappingList(Mapping element) implements Shape {
    }

    /** Builds a {@link Mapping}, keeping keys in the order given (the order the file documents them). */
    final class Builder {

        private final Map<String, Shape> fields = new LinkedHashMap<>();

        private Builder() {
        }

        Builder scalar(String key) {
            return add(key, new Scalar());
        }

        Builder scalarList(String key) {
            return add(key, new ScalarList());
        }

        Builder stringMap(String key) {
            return add(key, new StringMap());
        }

        Builder mapping(String key, Mapping mapping) {
            return add(key, mapping);
        }

        Builder mappingList(String key, Mapping element) {
            return add(key, new MappingList(element));
        }

        private Builder add(String key, Shape shape) {
            if (fields.putIfAbsent(key, shape) != null) {
                throw new IllegalStateException("key '" + key + "' declared twice");
            }
            return this;
        }

        Mapping build() {
            return new Mapping(Collections.unmodifiableMap(new LinkedHashMap<>(fields)));
        }
    }
}
