package io.taskpod.store;

import java.sql.SQLException;

/**
 * A database operation failed. {@link #isDatabaseUnavailable()} tells an outage (connection refused, server
 * restarting) from an error in the statement or the data, so callers can back off and retry the former.
 */
public final class StoreException extends RuntimeException {

    public StoreException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    /** True when the database could not be reached or went away; retrying later may succeed. */
    public boolean isDatabaseUnavailable() {
        return SqlErrors.isUnavailable((SQLException) getCause());
    }

    /** True when the throwable, or any of its causes, is a database outage. */
    public static boolean isDatabaseUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StoreException store && store.isDatabaseUnavailable()) {
                return true;
            }
            if (t instanceof SQLException sql && SqlErrors.isUnavailable(sql)) {
                return true;
            }
        }
        return false;
    }
}
