package io.apisec.gateway.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A route's path: literal segments and {@code {name}} parameters, each taking exactly one whole segment, such as
 * {@code /orders/{id}/items}. It covers a canonical path whose first segments it matches, at a segment boundary:
 * {@code /orders/{id}} covers {@code /orders/42} and {@code /orders/42/items}, not {@code /orders}. The same
 * syntax writes a rewrite's target path.
 *
 * @param text     as written
 * @param segments its segments, {@code /} having none
 */
public record PathPattern(String text, List<Segment> segments) {

    /** One segment: a literal, or a parameter matching any one non-empty segment. */
    public sealed interface Segment {
    }

    public record Literal(String value) implements Segment {
    }

    public record Parameter(String name) implements Segment {
    }

    /** What a match found: the parameters' values (decoded) and the path's segments beyond the pattern. */
    public record Match(Map<String, String> parameters, List<String> rest) {
    }

    public PathPattern {
        Objects.requireNonNull(text, "text");
        segments = List.copyOf(segments);
    }

    /**
     * Reads {@code /}, {@code /orders} or {@code /orders/{id}}: decoded, no empty, dot or partial-parameter
     * segment, parameter names unique, no trailing slash.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static PathPattern parse(String text) {
        if (text == null || !text.startsWith("/") || (text.length() > 1 && text.endsWith("/"))) {
            throw new IllegalArgumentException("a path starts with / and does not end with one");
        }
        List<Segment> segments = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (text.length() > 1) {
            for (String part : text.substring(1).split("/", -1)) {
                if (part.startsWith("{") && part.endsWith("}")) {
                    String name = part.substring(1, part.length() - 1);
                    if (!name.matches("[a-z][a-z0-9_]{0,31}")) {
                        throw new IllegalArgumentException("a parameter is {name}, lower-case letters, digits, _");
                    }
                    if (names.contains(name)) {
                        throw new IllegalArgumentException("parameter {" + name + "} appears twice");
                    }
                    names.add(name);
                    segments.add(new Parameter(name));
                } else if (part.isEmpty() || part.equals(".") || part.equals("..") || part.contains("{")
                        || part.contains("}")) {
                    throw new IllegalArgumentException("segment \"" + part + "\" is empty, a dot segment or a partial"
                            + " parameter");
                } else {
                    segments.add(new Literal(part));
                }
            }
        }
        return new PathPattern(text, segments);
    }

    /** The parameters' names, in order. */
    public List<String> parameters() {
        return segments.stream().filter(s -> s instanceof Parameter).map(s -> ((Parameter) s).name()).toList();
    }

    /** How many literal segments: a pattern with more of them is more specific than one as long. */
    public int literals() {
        return (int) segments.stream().filter(s -> s instanceof Literal).count();
    }

    /**
     * Whether this pattern covers a canonical, decoded path: {@link #match}'s answer without building the match
     * (routing asks every route, on every request).
     */
    public boolean covers(String path) {
        int at = 1; // the start of the path's next segment, after its slash
        for (Segment segment : segments) {
            if (at > path.length()) {
                return false;
            }
            int end = path.indexOf('/', at);
            end = end < 0 ? path.length() : end;
            boolean fits = switch (segment) {
                case Literal literal -> end - at == literal.value().length()
                        && path.startsWith(literal.value(), at);
                case Parameter parameter -> end > at;
            };
            if (!fits) {
                return false;
            }
            at = end + 1;
        }
        return true;
    }

    /** The match of a canonical, decoded path, if this pattern covers it. */
    public Optional<Match> match(String path) {
        List<String> parts = path.equals("/") ? List.of() : List.of(path.substring(1).split("/", -1));
        if (parts.size() < segments.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String part = parts.get(i);
            switch (segments.get(i)) {
                case Literal literal -> {
                    if (!literal.value().equals(part)) {
                        return Optional.empty();
                    }
                }
                case Parameter parameter -> {
                    if (part.isEmpty()) {
                        return Optional.empty();
                    }
                    parameters.put(parameter.name(), part);
                }
            }
        }
        return Optional.of(new Match(parameters, parts.subList(segments.size(), parts.size())));
    }

    /** This pattern written out with {@code parameters}, then {@code rest}: a decoded path. */
    public String expand(Map<String, String> parameters, List<String> rest) {
        StringBuilder path = new StringBuilder();
        for (Segment segment : segments) {
            path.append('/').append(switch (segment) {
                case Literal literal -> literal.value();
                case Parameter parameter -> Objects.requireNonNull(parameters.get(parameter.name()), parameter.name());
            });
        }
        for (String part : rest) {
            path.append('/').append(part);
        }
        return path.isEmpty() ? "/" : path.toString();
    }
}
