package io.apisec.tokenserver.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies environment variables to the parsed file before binding. The overridable keys are the scalar
 * keys of {@link ConfigSchema}, whatever the file holds: {@code APISEC_} followed by the key path in upper
 * case, every character other than a letter or digit replaced by {@code _}, and list elements by index
 * ({@code APISEC_CLIENTS_0_ACCESS_TOKEN_LIFETIME}). Other variables, including other {@code APISEC_} ones
 * such as secrets named by {@code *-env} keys, are not overrides and are left alone.
 */
final class EnvironmentOverrides {

    static final String PREFIX = "APISEC_";
    private static final String INDEX = "(0|[1-9][0-9]{0,8})";

    /** One overridable scalar key: its path with list indexes left open. */
    private record Target(List<String> keys, List<Boolean> indexedAfter, Pattern variable, String template) {
    }

    private static final List<Target> TARGETS = targets();

    private EnvironmentOverrides() {
    }

    /** The overridable variables, list indexes spelled {@code <n>}: {@code APISEC_CLIENTS_<n>_ID}. */
    static List<String> variables() {
        return TARGETS.stream().map(Target::template).toList();
    }

    static void apply(ConfigDocument document, Map<String, String> environment) {
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            if (!variable.getKey().startsWith(PREFIX)) {
                continue;
            }
            for (Target target : TARGETS) {
                Matcher matcher = target.variable().matcher(variable.getKey());
                if (matcher.matches()) {
                    set(document, target, matcher, variable.getKey(), variable.getValue());
                    break;
                }
            }
        }
    }

    private static void set(ConfigDocument document, Target target, Matcher indexes, String variable, String value) {
        ObjectNode container = document.root();
        String path = "";
        int group = 1;
        for (int step = 0; step < target.keys().size(); step++) {
            String key = target.keys().get(step);
            path = KeyPath.child(path, key);
            if (step == target.keys().size() - 1) {
                container.put(key, value);
                document.markOverridden(path, variable);
                return;
            }
            JsonNode child = container.get(key);
            if (target.indexedAfter().get(step)) {
                int index = Integer.parseInt(indexes.group(group++));
                int size = child != null && child.isArray() ? child.size() : 0;
                if (index >= size) {
                    throw document.error(path, "environment variable " + variable + " overrides "
                            + KeyPath.element(path, index) + ", but the file lists " + size + " entries here;"
                            + " the environment can change an entry, not add one");
                }
                child = child.get(index);
                path = KeyPath.element(path, index);
            } else if (child == null || child.isNull()) {
                child = container.putObject(key);
            }
            if (!child.isObject()) {
                throw document.error(path, "environment variable " + variable + " overrides a key inside " + path
                        + ", which is not a mapping");
            }
            container = (ObjectNode) child;
        }
        throw new IllegalStateException("empty override target " + target.template());
    }

    private static List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        collect(ConfigSchema.ROOT, new ArrayList<>(), new ArrayList<>(), targets);
        Set<String> seen = new HashSet<>();
        for (Target target : targets) {
            if (!seen.add(target.template())) {
                throw new IllegalStateException("two configuration keys map to environment variable " + target.template());
            }
        }
        return List.copyOf(targets);
    }

    private static void collect(Shape.Mapping mapping, List<String> keys, List<Boolean> indexedAfter, List<Target> into) {
        for (Map.Entry<String, Shape> field : mapping.fields().entrySet()) {
            List<String> childKeys = new ArrayList<>(keys);
            childKeys.add(field.getKey());
            List<Boolean> childIndexed = new ArrayList<>(indexedAfter);
            switch (field.getValue()) {
                case Shape.Scalar scalar -> {
                    childIndexed.add(false);
                    into.add(target(childKeys, childIndexed));
                }
                case Shape.Mapping nested -> {
                    childIndexed.add(false);
                    collect(nested, childKeys, childIndexed, into);
                }
                case Shape.MappingList list -> {
                    childIndexed.add(true);
                    collect(list.element(), childKeys, childIndexed, into);
                }
                case Shape.ScalarList list -> {
                    // lists of values are not scalars: they are set in the file only
                }
                case Shape.StringMap map -> {
                    // user-chosen names are not schema keys: set in the file only
                }
            }
        }
    }

    private static Target target(List<String> keys, List<Boolean> indexedAfter) {
        StringBuilder regex = new StringBuilder(Pattern.quote(PREFIX));
        StringBuilder template = new StringBuilder(PREFIX);
        for (int step = 0; step < keys.size(); step++) {
            String name = keys.get(step).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
            regex.append(step == 0 ? "" : "_").append(Pattern.quote(name));
            template.append(step == 0 ? "" : "_").append(name);
            if (indexedAfter.get(step)) {
                regex.append('_').append(INDEX);
                template.append("_<n>");
            }
        }
        return new Target(List.copyOf(keys), List.copyOf(indexedAfter), Pattern.compile(regex.toString()),
                template.toString());
    }
}
