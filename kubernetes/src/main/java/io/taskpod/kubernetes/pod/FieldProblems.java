package io.taskpod.kubernetes.pod;

import java.util.ArrayList;
import java.util.List;

/** Collects "field: what is wrong" messages while a pod is read, merged and checked. */
final class FieldProblems {

    private final List<String> problems = new ArrayList<>();

    void add(String field, String problem) {
        problems.add(field + ": " + problem);
    }

    /** Adds a message already in "field: problem" form. */
    void add(String problem) {
        problems.add(problem);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<String> list() {
        return List.copyOf(problems);
    }
}
