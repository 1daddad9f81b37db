package io.taskpod.store.worker;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells database errors worth retrying (the server is restarting, the connection broke, no connection could be
 * had) from errors a retry cannot fix (bad SQL, constraint violations).
 */
public final class TransientSqlErrors {

    /** PostgreSQL SQLSTATEs outside class 08 that mean "try again later". */
    private static final Set<String> RETRYABLE_STATES = Set.of(
            "57P01", // admin_shutdown: the server is shutting down
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now: the server is starting up
            "53300", // too_many_connections
            "40001", // serialization_failure
            "40P01"); // deadlock_detected

    private TransientSqlErrors() {}

    /** True when the error, or any error in its cause chain, is a connection problem or a transient server state. */
    public static boolean isTransient(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (current instanceof SQLTransientConnectionException || current instanceof SQLRecoverableException) {
                return true;
            }
            if (current instanceof SQLException sql && isTransientState(sql.getSQLState())) {
                return true;
            }
            if (current instanceof IOException) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }

    /** True for SQLSTATE class 08 (connection exception) and the retryable states above. */
    public static boolean isTransientState(String sqlState) {
        if (sqlState == null) {
            return false;
        }
        return sqlState.startsWith("08") || RETRYABLE_STATES.contains(sqlState);
    }
}
