package io.taskpod.app.dag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of a DAG file read field by field. Every problem (wrong type, duplicate or unknown key) is
 * recorded in {@link Problems} with its line and the field's path (e.g. {@code tasks[2].retries}); accessors then
 * return empty so reading goes on and the user sees all problems at once.
 */
final class YamlMap {

    private final Node node;
    private final String path;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMap(Node node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** Reads {@code node} as a mapping, or records that a mapping was expected and returns empty. */
    static Optional<YamlMap> of(Node node, String path, Problems problems) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(YamlValues.line(node), path, "expected a mapping of field: value, got " + describe(node));
            return Optional.empty();
        }
        YamlMap map = new YamlMap(node, path, problems);
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (Tag.MERGE.equals(key.getTag())) {
                problems.add(YamlValues.line(key), path, "YAML merge keys (<<) are not supported here; write the fields out");
                continue;
            }
            String name = YamlValues.keyText(key);
            if (map.entries.containsKey(name)) {
                problems.add(YamlValues.line(key), map.field(name), "duplicate field (also at line "
                        + YamlValues.line(map.entries.get(name).getKeyNode()) + ")");
                continue;
            }
            map.entries.put(name, tuple);
        }
        return Optional.of(map);
    }

    int line() {
        return YamlValues.line(node);
    }

    String path() {
        return path;
    }

    /** {@code path.name}, or {@code name} at the top level. */
    String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
        return entries.containsKey(name) && !isNull(entries.get(name).getValueNode());
    }

    Optional<Node> node(String name) {
        NodeTuple tuple = entries.get(name);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return Optional.empty();
        }
        return Optional.of(tuple.getValueNode());
    }

    int lineOf(String name) {
        NodeTuple tuple = entries.get(name);
        return tuple == null ? line() : YamlValues.line(tuple.getKeyNode());
    }

    /** Records a problem about one field of this mapping. */
    void problem(String name, String reason) {
        problems.add(lineOf(name), field(name), reason);
    }

    Optional<String> string(String name) {
        return node(name).flatMap(value -> {
            if (value instanceof ScalarNode scalar) {
                return Optional.of(scalar.getValue());
            }
            problem(name, "expected a string, got " + describe(value));
            return Optional.empty();
        });
    }

    Optional<String> requiredString(String name) {
        if (!has(name)) {
            problems.add(line(), field(name), "missing required field");
            return Optional.empty();
        }
        return string(name).filter(text -> {
            if (text.isBlank()) {
                problem(name, "must not be empty");
                return false;
            }
            return true;
        });
    }

    /** A string that, when the field is present, must not be empty. */
    Optional<String> requiredStringIfPresent(String name) {
        return has(name) ? requiredString(name) : Optional.empty();
    }

    Optional<Integer> integer(String name, int min) {
        return node(name).flatMap(value -> {
            Object plain = YamlValues.toPlain(value);
            if (plain instanceof Integer number && number >= min) {
                return Optional.of(number);
            }
            problem(name, (min == Integer.MIN_VALUE ? "expected an integer" : "expected an integer >= " + min)
                    + ", got " + describe(value));
            return Optional.empty();
        });
    }

    Optional<Boolean> bool(String name) {
        return node(name).flatMap(value -> {
            if (YamlValues.toPlain(value) instanceof Boolean flag) {
                return Optional.of(flag);
            }
            problem(name, "expected true or false, got " + describe(value));
            return Optional.empty();
        });
    }

    /** A list of non-empty strings; a single string is accepted as a list of one when {@code allowSingle}. */
    Optional<List<String>> stringList(String name, boolean allowSingle) {
        return node(name).flatMap(value -> {
            if (allowSingle && value instanceof ScalarNode scalar) {
                return Optional.of(List.of(scalar.getValue()));
            }
            if (!(value instanceof SequenceNode sequence)) {
                problem(name, "expected a list of strings, got " + describe(value));
                return Optional.empty();
            }
            List<String> items = new ArrayList<>();
            for (int i = 0; i < sequence.getValue().size(); i++) {
                Node item = sequence.getValue().get(i);
                if (!(item instanceof ScalarNode scalar) || isNull(item) || scalar.getValue().isEmpty()) {
                    problems.add(YamlValues.line(item), field(name) + "[" + i + "]",
                            "expected a non-empty string, got " + describe(item));
                    return Optional.empty();
                }
                items.add(scalar.getValue());
            }
            return Optional.of(items);
        });
    }

    Optional<YamlMap> map(String name) {
        return node(name).flatMap(value -> of(value, field(name), problems));
    }

    Optional<SequenceNode> sequence(String name) {
        return node(name).flatMap(value -> {
            if (value instanceof SequenceNode sequence) {
                return Optional.of(sequence);
            }
            problem(name, "expected a list, got " + describe(value));
            return Optional.empty();
        });
    }

    /** Scalar values of a mapping field as strings, exactly as written (no YAML 1.1 yes/no conversion). */
    Optional<Map<String, String>> stringMap(String name) {
        return map(name).map(inner -> {
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, NodeTuple> entry : inner.entries.entrySet()) {
                Node value = entry.getValue().getValueNode();
                if (value instanceof ScalarNode scalar) {
                    values.put(entry.getKey(), isNull(value) ? "" : scalar.getValue());
                } else {
                    inner.problem(entry.getKey(), "expected a single value, got " + describe(value));
                }
            }
            return values;
        });
    }

    Set<String> keys() {
        return entries.keySet();
    }

    /** Records every key not in {@code known}, naming the closest known one when it looks like a typo. */
    void rejectUnknown(Set<String> known) {
        for (String name : entries.keySet()) {
            if (!known.contains(name)) {
                String hint = closest(name, known).map(k -> "; did you mean '" + k + "'?").orElse("");
                problem(name, "unknown field" + hint + " Known fields: " + known.stream().sorted().toList());
            }
        }
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    static String describe(Node node) {
        return switch (node) {
            case MappingNode ignored -> "a mapping";
            case SequenceNode ignored -> "a list";
            case ScalarNode scalar when isNull(scalar) -> "nothing (null)";
            case ScalarNode scalar -> "'" + abbreviate(scalar.getValue()) + "'";
            default -> "a " + node.getNodeId().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private static Optional<String> closest(String name, Set<String> known) {
        return known.stream()
                .map(candidate -> Map.entry(candidate, distance(name.toLowerCase(Locale.ROOT), candidate)))
                .filter(entry -> entry.getValue() <= Math.max(2, name.length() / 3))
                .min(Comparator.comparingInt(Map.Entry::getValue))
                .map(Map.Entry::getKey);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
