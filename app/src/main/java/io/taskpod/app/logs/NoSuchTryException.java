package io.taskpod.app.logs;

/** There is no try whose log could be read: no such task instance, or it has not run yet; the message says which. */
public final class NoSuchTryException extends RuntimeException {

    public NoSuchTryException(String message) {
        super(message);
    }
}
