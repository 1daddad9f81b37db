package io.taskpod.core.executor;

import io.taskpod.core.model.TaskInstanceKey;
import java.io.IOException;
import java.util.List;

/** Starts worker processes for the LocalExecutor. */
public interface WorkerLauncher {

    /**
     * Starts the worker for one try.
     *
     * @param command the worker command from the workload, starting with {@link WorkerCommand#PROGRAM}
     * @throws IOException when the process could not be started
     */
    WorkerProcess launch(TaskInstanceKey key, List<String> command) throws IOException;
}
