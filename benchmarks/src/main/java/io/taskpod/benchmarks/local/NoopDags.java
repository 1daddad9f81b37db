package io.taskpod.benchmarks.local;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The benchmark's DAG files: independent no-op tasks ({@code command: ["true"]}, no shell), with
 * {@code max_active_tasks} as large as the DAG so that only {@code [core] parallelism} limits them.
 */
final class NoopDags {

    /** The measured DAG. */
    static final String DAG_ID = "bench_noop";
    /** A small DAG run through the scheduler before anything is measured (JIT, connection pool, watchdog). */
    static final String WARMUP_DAG_ID = "bench_warmup";
    /** The DAG whose tasks the pod worker phase runs, one worker JVM each. */
    static final String WORKER_DAG_ID = "bench_worker";

    private NoopDags() {}

    static String yaml(String dagId, int tasks) {
        String taskList = IntStream.range(0, tasks)
                .mapToObj(index -> "  - task_id: " + taskId(index, tasks) + "\n    command: [\"true\"]\n")
                .collect(Collectors.joining());
        return "dag_id: " + dagId + "\n"
                + "description: " + tasks + " independent no-op tasks (taskpod benchmark)\n"
                + "max_active_tasks: " + tasks + "\n"
                + "tasks:\n" + taskList;
    }

    /** {@code noop_0042}: zero-padded so that the ids sort in order. */
    static String taskId(int index, int tasks) {
        int width = Integer.toString(Math.max(tasks - 1, 0)).length();
        return "noop_" + String.format("%0" + width + "d", index);
    }
}
