package io.taskpod.core.executor;

import io.taskpod.core.model.TaskInstanceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    /**
     * The try of worker arguments (the command without {@link #PROGRAM}) exactly as {@link #forTask} writes them;
     * empty for anything else, such as other options, another order, or numbers that do not parse.
     */
    public static Optional<TaskInstanceKey> parse(List<String> arguments) {
        int size = arguments.size();
        if ((size != 7 && size != 9) || !arguments.get(0).equals("tasks") || !arguments.get(1).equals("run")
                || !arguments.get(5).equals("--try-number") || (size == 9 && !arguments.get(7).equals("--map-index"))) {
            return Optional.empty();
        }
        try {
            int tryNumber = Integer.parseInt(arguments.get(6));
            int mapIndex = size == 9 ? Integer.parseInt(arguments.get(8)) : -1;
            if (tryNumber < 1 || (size == 9 && mapIndex < 0)) {
                return Optional.empty();
            }
            return Optional.of(new TaskInstanceKey(arguments.get(2), arguments.get(3), arguments.get(4), tryNumber,
                    mapIndex));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
