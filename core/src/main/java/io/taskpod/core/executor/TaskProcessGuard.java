package io.taskpod.core.executor;

/**
 * Told about each task process a supervisor starts, so that something outside the supervisor's process can stop it
 * should the supervisor die ({@link TaskWatchdog}).
 */
public interface TaskProcessGuard {

    /** A guard for supervisors whose tasks need none (a pod's worker: the container ends with it). */
    TaskProcessGuard NONE = process -> () -> {};

    /** Guards a task process just started, until the returned registration is released. */
    Registration register(ProcessHandle process);

    /** One guarded task process. */
    @FunctionalInterface
    interface Registration {

        /** The process has exited and been reaped: it needs no guard any more. */
        void release();
    }
}
