package io.taskpod.core.executor;

import java.util.concurrent.CompletableFuture;

/** A started worker ({@code taskpod tasks run …}) for one try. */
public interface WorkerProcess {

    /** The operating-system process id of the worker. */
    long pid();

    /** Completes when the worker has exited; never completes exceptionally. */
    CompletableFuture<WorkerExit> onExit();

    /**
     * Asks the worker to stop (SIGTERM): it stops its task and records the failure before it exits. Returns at
     * once.
     */
    void requestStop();

    /** Kills the worker and every process it started (SIGKILL), at once; nothing is recorded. */
    void kill();
}
