package io.taskpod.store.worker;

/** The database stayed unreachable for longer than the worker may wait; the message names the (redacted) URL. */
public final class StoreUnavailableException extends WorkerStoreException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
