package io.taskpod.store.worker;

/** A worker-side database operation failed; the message says which and why (URLs redacted). */
public class WorkerStoreException extends RuntimeException {

    public WorkerStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
