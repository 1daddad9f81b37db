package io.taskpod.store;

import io.taskpod.core.port.DatabaseOutageException;
import io.taskpod.store.worker.TransientSqlErrors;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * A database operation failed. {@link #isDatabaseUnavailable(Throwable)} tells an outage (connection refused,
 * server restarting) from an error in the statement or the data, so callers can back off and retry the former.
 */
public final class StoreException extends RuntimeException {

    public StoreException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    /** True when the error, or any of its causes, means the database is out of reach for now. */
    public static boolean isDatabaseUnavailable(Throwable error) {
        return TransientSqlErrors.isTransient(error);
    }

    /**
     * Runs a call of a core port ({@code io.taskpod.core.port}): an outage comes out as core's
     * {@link DatabaseOutageException}, so that a module that does not know the database (the KubernetesExecutor) can
     * tell it from an error that will not go away by trying again.
     */
    public static <T> T forPort(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (isDatabaseUnavailable(e)) {
                throw new DatabaseOutageException(e.getMessage(), e);
            }
            throw e;
        }
    }
}
