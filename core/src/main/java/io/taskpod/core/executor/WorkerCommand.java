package io.taskpod.core.executor;

import io.taskpod.core.model.TaskInstanceKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker command every executor runs for a launch of a try: {@code taskpod tasks run DAG TASK RUN --try-number N
 * --launch-attempt L [--map-index M]}, the same for a local process and for a pod. The launch attempt makes the
 * worker's claim refuse a launch the scheduler has revoked (a try requeued as stuck in queued, or reset as never
 * launched): only the current launch's worker can run the try.
 */
public final class WorkerCommand {

    /** The program name at the head of every worker command. */
    public static final String PROGRAM = "taskpod";

    private WorkerCommand() {}

    public static List<String> forLaunch(TaskInstanceKey key, int launchAttempt) {
        List<String> argv = new ArrayList<>(List.of(PROGRAM, "tasks", "run", key.dagId(), key.taskId(), key.runId(),
                "--try-number", Integer.toString(key.tryNumber()), "--launch-attempt", Integer.toString(launchAttempt)));
        if (key.isMapped()) {
            argv.add("--map-index");
            argv.add(Integer.toString(key.mapIndex()));
        }
        return List.copyOf(argv);
    }
}
