package io.taskpod.testkit.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Validates {@code metadata} like the API server: name syntax, label keys and values, annotation keys and size. */
final class MetadataValidation {

    private MetadataValidation() {}

    /**
     * @param nameRule {@link NameRules#dns1123Subdomain} for most kinds, {@link NameRules#dns1123Label} for
     *     namespaces
     */
    static List<FieldCause> validate(ObjectNode object, Function<String, List<String>> nameRule) {
        List<FieldCause> causes = new ArrayList<>();
        String name = Json.text(object, "metadata", "name");
        if (name.isEmpty()) {
            causes.add(FieldCause.required("metadata.name", "name or generateName is required"));
        } else {
            nameRule.apply(name).forEach(error -> causes.add(FieldCause.invalid("metadata.name", name, error)));
        }
        for (Map.Entry<String, String> label : Json.stringMap(object, "metadata", "labels").entrySet()) {
            NameRules.qualifiedName(label.getKey()).forEach(error ->
                    causes.add(FieldCause.invalid("metadata.labels", label.getKey(), error)));
            NameRules.labelValue(label.getValue()).forEach(error ->
                    causes.add(FieldCause.invalid("metadata.labels", label.getValue(), error)));
        }
        long annotationBytes = 0;
        for (Map.Entry<String, String> annotation : Json.stringMap(object, "metadata", "annotations").entrySet()) {
            NameRules.qualifiedName(annotation.getKey().toLowerCase(Locale.ROOT)).forEach(error ->
                    causes.add(FieldCause.invalid("metadata.annotations", annotation.getKey(), error)));
            annotationBytes += annotation.getKey().getBytes(StandardCharsets.UTF_8).length
                    + annotation.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (annotationBytes > NameRules.ANNOTATIONS_MAX_BYTES) {
            causes.add(FieldCause.tooLong("metadata.annotations", NameRules.ANNOTATIONS_MAX_BYTES));
        }
        return causes;
    }
}
