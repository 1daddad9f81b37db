package io.taskpod.kubernetes.pod;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds fields a pod fragment sets that the Pod model does not have ({@code contianers}, {@code limit}): fabric8
 * would keep them as "additional properties" and the API server would drop them, so a typo would silently do
 * nothing. Walks the tree alongside the model's Jackson properties; works for any fabric8 model (manifests too).
 */
public final class UnknownFields {

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private UnknownFields() {}

    static void check(JsonNode pod, String prefix, FieldProblems problems) {
        check(pod, PodTrees.JSON.constructType(Pod.class), prefix, problems);
    }

    /** Every field of {@code object} that the fabric8 model {@code type} lacks, as {@code prefix.path: reason}. */
    public static List<String> in(JsonNode object, Class<?> type, String prefix) {
        FieldProblems problems = new FieldProblems();
        check(object, PodTrees.JSON.constructType(type), prefix, problems);
        return problems.list();
    }

    private static void check(JsonNode node, JavaType type, String path, FieldProblems problems) {
        if (node == null || node.isNull()) {
            return;
        }
        if (type.isCollectionLikeType() && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), type.getContentType(), path + "[" + i + "]", problems);
            }
            return;
        }
        if (type.isMapLikeType() && node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                check(entry.getValue(), type.getContentType(), path + "." + entry.getKey(), problems);
            }
            return;
        }
        if (!isModelBean(type) || !node.isObject()) {
            return;
        }
        Map<String, JavaType> properties = properties(type);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JavaType propertyType = properties.get(entry.getKey());
            String field = path + "." + entry.getKey();
            if (propertyType == null) {
                problems.add(field, "unknown field; " + simpleName(type) + " has " + List.copyOf(properties.keySet()));
            } else {
                check(entry.getValue(), propertyType, field, problems);
            }
        }
    }

    private static boolean isModelBean(JavaType type) {
        Class<?> raw = type.getRawClass();
        return raw.getPackageName().startsWith(MODEL_PACKAGE) && raw != Quantity.class && raw != IntOrString.class
                && !raw.isEnum();
    }

    private static Map<String, JavaType> properties(JavaType type) {
        BeanDescription description = PodTrees.JSON.getDeserializationConfig().introspect(type);
        Map<String, JavaType> properties = new TreeMap<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            if (property.hasSetter() || property.hasField() || property.hasConstructorParameter()) {
                properties.put(property.getName(), property.getPrimaryType());
            }
        }
        return properties;
    }

    private static String simpleName(JavaType type) {
        return type.getRawClass().getSimpleName();
    }
}
