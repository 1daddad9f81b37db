package io.taskpod.core.executor;

/** Exit codes of {@code taskpod tasks run}, which executors use to tell outcomes apart. */
public final class WorkerExitCode {

    /** The task ran and succeeded; the worker recorded {@code success}. */
    public static final int SUCCESS = 0;
    /** The task ran and failed (or timed out); the worker recorded {@code failed} or {@code up_for_retry}. */
    public static final int TASK_FAILED = 1;
    /** Bad command-line usage. */
    public static final int USAGE = 2;
    /** The worker could not do its job (database unreachable, DAG not loadable); nothing was recorded. */
    public static final int WORKER_ERROR = 70;
    /**
     * The try was not the one to run (another worker has it, it was reset, or it already finished): nothing
     * ran and nothing was recorded. Executors drop such a launch without reporting a failure.
     */
    public static final int REFUSED = 75;

    private WorkerExitCode() {}
}
