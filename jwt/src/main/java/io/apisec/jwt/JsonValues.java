package io.apisec.jwt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep, unmodifiable copies of parsed JSON values, so that no caller can change a verified token. */
final class JsonValues {

    private JsonValues() {
    }

    /** Strings, numbers and booleans are immutable already; lists and objects are copied all the way down. */
    static Object immutableCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), immutableCopy(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(immutableCopy(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
