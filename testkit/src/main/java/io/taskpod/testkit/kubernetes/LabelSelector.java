package io.taskpod.testkit.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed label selector with Kubernetes' full grammar: {@code k}, {@code !k}, {@code k=v}, {@code k==v},
 * {@code k!=v}, {@code k in (a,b)}, {@code k notin (a,b)}, {@code k>1}, {@code k<1}. fabric8's stock mock
 * ignores set-based requirements; this one applies them.
 */
record LabelSelector(List<Requirement> requirements) {

    /** One requirement of a selector; all of a selector's requirements must hold. */
    sealed interface Requirement {
        boolean matches(Map<String, String> labels);
    }

    record Exists(String key) implements Requirement {
        public boolean matches(Map<String, String> labels) {
            return labels.containsKey(key);
        }
    }

    record DoesNotExist(String key) implements Requirement {
        public boolean matches(Map<String, String> labels) {
            return !labels.containsKey(key);
        }
    }

    record In(String key, Set<String> values) implements Requirement {
        public boolean matches(Map<String, String> labels) {
            return labels.containsKey(key) && values.contains(labels.get(key));
        }
    }

    record NotIn(String key, Set<String> values) implements Requirement {
        public boolean matches(Map<String, String> labels) {
            return !labels.containsKey(key) || !values.contains(labels.get(key));
        }
    }

    record GreaterThan(String key, long bound) implements Requirement {
        public boolean matches(Map<String, String> labels) {
            return compare(labels.get(key), bound) > 0;
        }
    }

    record LessThan(String key, long bound) implements Requirement {
        public boolean matches(Map<String, String> labels) {
            return compare(labels.get(key), bound) < 0;
        }
    }

    static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    private static final String KEY = "([A-Za-z0-9][-A-Za-z0-9_./]*)?[A-Za-z0-9]";
    private static final String VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
    private static final Pattern EXISTS = Pattern.compile("(" + KEY + ")");
    private static final Pattern NOT_EXISTS = Pattern.compile("!\\s*(" + KEY + ")");
    private static final Pattern EQUALITY = Pattern.compile("(" + KEY + ")\\s*(==|=|!=)\\s*(" + VALUE + ")");
    private static final Pattern SET = Pattern.compile("(" + KEY + ")\\s+(in|notin)\\s*\\(([^()]*)\\)");
    private static final Pattern ORDER = Pattern.compile("(" + KEY + ")\\s*([<>])\\s*(-?[0-9]+)");

    /** Parses a selector; a malformed one is a 400 Bad Request, as on a real API server. */
    static LabelSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String part : splitTopLevel(selector)) {
            requirements.add(requirement(part.strip(), selector));
        }
        return new LabelSelector(List.copyOf(requirements));
    }

    boolean matches(Map<String, String> labels) {
        return requirements.stream().allMatch(requirement -> requirement.matches(labels));
    }

    private static Requirement requirement(String text, String selector) {
        Matcher matcher;
        if ((matcher = SET.matcher(text)).matches()) {
            Set<String> values = values(matcher.group(4), selector);
            return matcher.group(3).equals("in") ? new In(matcher.group(1), values)
                    : new NotIn(matcher.group(1), values);
        }
        if ((matcher = EQUALITY.matcher(text)).matches()) {
            String key = matcher.group(1);
            String value = matcher.group(4);
            return matcher.group(3).equals("!=") ? new NotIn(key, Set.of(value)) : new In(key, Set.of(value));
        }
        if ((matcher = ORDER.matcher(text)).matches()) {
            long bound = Long.parseLong(matcher.group(4));
            return matcher.group(3).equals(">") ? new GreaterThan(matcher.group(1), bound)
                    : new LessThan(matcher.group(1), bound);
        }
        if ((matcher = NOT_EXISTS.matcher(text)).matches()) {
            return new DoesNotExist(matcher.group(1));
        }
        if ((matcher = EXISTS.matcher(text)).matches()) {
            return new Exists(matcher.group(1));
        }
        throw ApiError.badRequest("unable to parse requirement: \"" + text + "\" in label selector \"" + selector
                + "\"");
    }

    private static Set<String> values(String list, String selector) {
        Set<String> values = new LinkedHashSet<>();
        for (String value : list.split(",", -1)) {
            String trimmed = value.strip();
            if (!trimmed.matches(VALUE)) {
                throw ApiError.badRequest("invalid label value: \"" + trimmed + "\" in label selector \"" + selector
                        + "\"");
            }
            values.add(trimmed);
        }
        return Set.copyOf(values);
    }

    private static List<String> splitTopLevel(String selector) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(selector.substring(start));
        return parts;
    }

    private static int compare(String value, long bound) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.compare(Long.parseLong(value), bound);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
