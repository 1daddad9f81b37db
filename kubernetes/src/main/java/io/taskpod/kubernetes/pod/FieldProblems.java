package io.taskpod.kubernetes.pod;

import java.util.ArrayList;
import java.util.List;

/** Collects "field: what is wrong" messages while a pod is read, merged and checked. */
final class FieldProblems {

    private final List<FieldProblem> problems = new ArrayList<>();

    void add(String field, String problem) {
        problems.add(new FieldProblem(field, problem));
    }

    /** Adds every problem another collector found. */
    void addAll(FieldProblems other) {
        problems.addAll(other.problems);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** One "field: problem" line each. */
    List<String> list() {
        return problems.stream().map(FieldProblem::toString).toList();
    }

    List<FieldProblem> entries() {
        return List.copyOf(problems);
    }
}
