package io.apisec.tokenserver.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Unmodifiable copies that keep the order of the file, so records print and iterate as configured. */
final class Immutable {

    private Immutable() {
    }

    static <T> Set<T> orderedSet(Collection<T> values) {
        values.forEach(value -> Objects.requireNonNull(value, "set element"));
        return Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }

    static Map<String, String> orderedMap(Map<String, String> values) {
        values.forEach((key, value) -> {
            Objects.requireNonNull(key, "map key");
            Objects.requireNonNull(value, "map value");
        });
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
