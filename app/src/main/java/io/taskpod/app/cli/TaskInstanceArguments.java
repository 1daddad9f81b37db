package io.taskpod.app.cli;

import io.taskpod.core.model.TaskInstanceId;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code DAG_ID TASK_ID RUN_ID [--try-number N] [--map-index M]}: the try a task command is about. */
public final class TaskInstanceArguments {

    @Parameters(index = "0", paramLabel = "DAG_ID")
    String dagId;

    @Parameters(index = "1", paramLabel = "TASK_ID")
    String taskId;

    @Parameters(index = "2", paramLabel = "RUN_ID")
    String runId;

    @Option(names = "--try-number", paramLabel = "N", description = "The try (default: the current one, from the database).")
    Integer tryNumber;

    @Option(names = "--map-index", paramLabel = "M", defaultValue = "-1",
            description = "Index of a mapped task instance (default: -1, unmapped).")
    int mapIndex;

    public TaskInstanceId id() {
        return new TaskInstanceId(dagId, taskId, runId, mapIndex);
    }

    public Optional<Integer> tryNumber() {
        return Optional.ofNullable(tryNumber);
    }
}
