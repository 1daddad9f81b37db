package io.taskpod.store;

import io.taskpod.store.worker.TransientSqlErrors;
import java.sql.SQLException;

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
}
