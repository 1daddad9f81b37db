package io.taskpod.kubernetes.pod;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An equality-based label selector: labels that must equal a value, labels that must not. Use it with fabric8 as
 * {@code pods().withLabels(s.equal()).withoutLabels(s.notEqual())}, or as the string {@link #toString()}, e.g.
 * {@code taskpod-worker=sched-1,taskpod_executor_done!=True}. Only equality-based terms, because fabric8's mock
 * server ignores set-based ones.
 */
public record PodSelector(Map<String, String> equal, Map<String, String> notEqual) {

    public PodSelector {
        equal = Collections.unmodifiableMap(new LinkedHashMap<>(equal));
        notEqual = Collections.unmodifiableMap(new LinkedHashMap<>(notEqual));
    }

    /** Whether a pod with these labels is selected (a missing label is "not equal" to any value). */
    public boolean matches(Map<String, String> labels) {
        return equal.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))
                && notEqual.entrySet().stream().noneMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    @Override
    public String toString() {
        return Stream.concat(equal.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()),
                        notEqual.entrySet().stream().map(e -> e.getKey() + "!=" + e.getValue()))
                .collect(Collectors.joining(","));
    }
}
