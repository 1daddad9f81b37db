package io.taskpod.app.worker;

/** The worker could not do its job (DAG or task not found, log not writable); the message says what and where. */
public final class WorkerError extends RuntimeException {

    public WorkerError(String message) {
        super(message);
    }

    public WorkerError(String message, Throwable cause) {
        super(message, cause);
    }
}
