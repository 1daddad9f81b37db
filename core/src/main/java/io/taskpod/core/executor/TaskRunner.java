package io.taskpod.core.executor;

/**
 * Runs tries for the {@link LocalExecutor}: claims each one, runs its task as a child process of this process,
 * heartbeats it, writes its log and records its final state.
 */
public interface TaskRunner extends AutoCloseable {

    /** Starts running the workload's try on a thread of its own; returns at once, never throws. */
    RunningTry start(ExecuteTask workload);

    /** Releases threads and helper processes; called once no try runs any more. */
    @Override
    void close();
}
