package io.taskpod.core.executor;

import java.util.concurrent.CompletableFuture;

/** One try a {@link TaskRunner} runs. */
public interface RunningTry {

    /** Completes when the try's run has ended and whatever it records is recorded; never exceptionally. */
    CompletableFuture<WorkerExit> onEnd();

    /**
     * Asks for the task to be stopped (SIGTERM, SIGKILL after {@code killed_task_cleanup_time}) and its failure
     * recorded with {@code reason}. Returns at once.
     */
    void stop(String reason);

    /** Kills the task and every process it started at once; nothing is recorded. Returns at once. */
    void revoke(String reason);
}
