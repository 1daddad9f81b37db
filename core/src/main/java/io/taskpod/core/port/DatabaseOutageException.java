package io.taskpod.core.port;

/**
 * The database behind a port cannot be reached for now (refused, restarting, connection lost): nothing is wrong with
 * the request, so the caller keeps what it was doing and tries again later. Any other error a port throws is not an
 * outage and will fail again.
 */
public final class DatabaseOutageException extends RuntimeException {

    public DatabaseOutageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when {@code error} or one of its causes is a {@link DatabaseOutageException}. */
    public static boolean isOutage(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (current instanceof DatabaseOutageException) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }
}
