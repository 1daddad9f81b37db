package io.taskpod.app.remotelog;

/** The remote log store could not be reached or refused a request; the message never carries credentials. */
public final class RemoteLogException extends RuntimeException {

    public RemoteLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
