package io.taskpod.testkit.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed field selector ({@code f=v}, {@code f==v}, {@code f!=v}, comma-separated). Only the field labels a
 * real API server supports for the type are accepted (for pods: name, namespace, {@code status.phase},
 * {@code spec.nodeName} and a few more); any other is a 400, as it is in Kubernetes.
 */
record FieldSelector(List<Term> terms) {

    /** One {@code field op value} term. */
    record Term(String field, boolean equal, String value) {
        boolean matches(JsonNode object) {
            return Json.text(object, field.split("\\.")).equals(value) == equal;
        }
    }

    static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private static final Pattern TERM = Pattern.compile("([A-Za-z0-9_.]+)\\s*(==|=|!=)\\s*(.*)");

    static FieldSelector parse(String selector, ResourceType type) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String part : selector.split(",")) {
            Matcher matcher = TERM.matcher(part.strip());
            if (!matcher.matches()) {
                throw ApiError.badRequest("invalid selector: '" + selector + "'; can't understand '" + part + "'");
            }
            String field = matcher.group(1);
            if (!type.fieldLabels().contains(field)) {
                throw ApiError.badRequest("field label not supported: " + field);
            }
            terms.add(new Term(field, !matcher.group(2).equals("!="), matcher.group(3).strip()));
        }
        return new FieldSelector(List.copyOf(terms));
    }

    boolean matches(JsonNode object) {
        return terms.stream().allMatch(term -> term.matches(object));
    }
}
