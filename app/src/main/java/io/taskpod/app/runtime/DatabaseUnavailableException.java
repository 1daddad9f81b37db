package io.taskpod.app.runtime;

/** The metadata database could not be reached or prepared; the message names it, without credentials. */
public final class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
