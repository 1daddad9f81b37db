package io.taskpod.core.executor;

import io.taskpod.core.model.TaskInstanceKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker command every executor runs for a try: {@code taskpod tasks run DAG TASK RUN --try-number N
 * [--map-index M]}, the same for a local process and for a pod.
 */
public final class WorkerCommand {

    /** The program name at the head of every worker command. */
    public static final String PROGRAM = "taskpod";

    private WorkerCommand() {}

    public static List<String> forTask(TaskInstanceKey key) {
        List<String> argv = new ArrayList<>(List.of(PROGRAM, "tasks", "run", key.dagId(), key.taskId(), key.runId(),
                "--try-number", Integer.toString(key.tryNumber())));
        if (key.isMapped()) {
            argv.add("--map-index");
            argv.add(Integer.toString(key.mapIndex()));
        }
        return List.copyOf(argv);
    }
}
