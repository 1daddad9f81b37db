package io.taskpod.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** Classifies SQL errors by their SQLSTATE: which ones mean the database is (temporarily) out of reach. */
public final class SqlErrors {

    /** PostgreSQL's admin_shutdown, crash_shutdown, cannot_connect_now, and the driver's I/O error state. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "58030");

    private SqlErrors() {}

    /** True for connection failures (SQLSTATE class 08), server shutdown/start-up, and pool time-outs. */
    public static boolean isUnavailable(SQLException error) {
        for (SQLException e = error; e != null; e = e.getNextException()) {
            String state = e.getSQLState();
            if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
                return true;
            }
            if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                    || e instanceof SQLRecoverableException) {
                return true;
            }
        }
        return false;
    }
}
