package io.taskpod.app.dag;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns a composed YAML node into plain Java data (maps with string keys, lists, strings, integers, longs,
 * doubles, booleans, null), the form in which {@code executor_config}, {@code expand} items and the like are kept.
 */
final class YamlValues {

    private YamlValues() {}

    /** 1-based line of a node. */
    static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    static Object toPlain(Node node) {
        return switch (node) {
            case ScalarNode scalar -> scalar(scalar);
            case SequenceNode sequence -> {
                List<Object> items = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    items.add(toPlain(item));
                }
                yield items;
            }
            case MappingNode mapping -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (NodeTuple tuple : mapping.getValue()) {
                    Node key = tuple.getKeyNode();
                    if (Tag.MERGE.equals(key.getTag())) {
                        mergeInto(map, tuple.getValueNode());
                        continue;
                    }
                    map.put(keyText(key), toPlain(tuple.getValueNode()));
                }
                yield map;
            }
            default -> throw new IllegalArgumentException("unsupported YAML node at line " + line(node));
        };
    }

    /** The text of a mapping key (keys are scalars in DAG files; other keys are rendered as their plain value). */
    static String keyText(Node key) {
        return key instanceof ScalarNode scalar ? scalar.getValue() : String.valueOf(toPlain(key));
    }

    private static void mergeInto(Map<String, Object> map, Node merged) {
        List<Node> sources = merged instanceof SequenceNode sequence ? sequence.getValue() : List.of(merged);
        for (Node source : sources) {
            if (toPlain(source) instanceof Map<?, ?> values) {
                values.forEach((k, v) -> map.putIfAbsent(String.valueOf(k), v));
            }
        }
    }

    private static Object scalar(ScalarNode scalar) {
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return switch (text.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "y", "on" -> Boolean.TRUE;
                default -> Boolean.FALSE;
            };
        }
        if (Tag.INT.equals(tag)) {
            try {
                BigInteger value = new BigInteger(text.replace("_", ""));
                if (value.bitLength() < 32) {
                    return value.intValue();
                }
                return value.bitLength() < 64 ? (Object) value.longValue() : text;
            } catch (NumberFormatException e) {
                return text;
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return Double.parseDouble(text.replace("_", ""));
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return text;
    }
}
