package io.taskpod.core.executor;

import io.taskpod.core.model.TaskInstanceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    /** A try's launch as a worker command names it. */
    public record Launch(TaskInstanceKey key, int launchAttempt) {}

    /**
     * The launch of worker arguments (the command without {@link #PROGRAM}) exactly as {@link #forLaunch} writes
     * them; empty for anything else, such as other options, another order, or numbers that do not parse.
     */
    public static Optional<Launch> parse(List<String> arguments) {
        int size = arguments.size();
        if ((size != 9 && size != 11) || !arguments.get(0).equals("tasks") || !arguments.get(1).equals("run")
                || !arguments.get(5).equals("--try-number") || !arguments.get(7).equals("--launch-attempt")
                || (size == 11 && !arguments.get(9).equals("--map-index"))) {
            return Optional.empty();
        }
        try {
            int tryNumber = Integer.parseInt(arguments.get(6));
            int launchAttempt = Integer.parseInt(arguments.get(8));
            int mapIndex = size == 11 ? Integer.parseInt(arguments.get(10)) : -1;
            if (tryNumber < 1 || launchAttempt < 1 || (size == 11 && mapIndex < 0)) {
                return Optional.empty();
            }
            return Optional.of(new Launch(new TaskInstanceKey(arguments.get(2), arguments.get(3), arguments.get(4),
                    tryNumber, mapIndex), launchAttempt));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
