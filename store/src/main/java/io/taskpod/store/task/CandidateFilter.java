package io.taskpod.store.task;

import io.taskpod.core.executor.QueueSet;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which scheduled task instances the critical section leaves unread because their executor has no free slot for
 * their queue now. Candidates are read up to a limit in priority order, so without this, task instances waiting for
 * a full executor (or a full side of the LocalKubernetesExecutor) would fill the list and starve those behind them
 * that another executor could run at once. The chooser still applies the exact limits.
 *
 * @param closed the routes without a free slot
 */
public record CandidateFilter(List<ClosedRoute> closed) {

    /** Reads every candidate. */
    public static final CandidateFilter NONE = new CandidateFilter(List.of());

    public CandidateFilter {
        closed = List.copyOf(closed);
    }

    /**
     * Task instances that ask for {@code executor} (empty: that ask for none, which the default executor runs) and
     * whose queue is in {@code queues}.
     */
    public record ClosedRoute(Optional<String> executor, QueueSet queues) {
        public ClosedRoute {
            Objects.requireNonNull(executor, "executor");
            Objects.requireNonNull(queues, "queues");
        }
    }

    /**
     * The SQL conditions on {@code task_instance} under {@code alias}, each starting with {@code AND}. A closed route
     * of a named executor tests {@code executor IS NOT NULL} first: {@code NOT (NULL = ? AND …)} is NULL, which
     * would leave out every task instance naming no executor.
     */
    String condition(String alias) {
        StringBuilder sql = new StringBuilder();
        for (ClosedRoute route : closed) {
            sql.append(" AND NOT (")
                    .append(route.executor().isPresent()
                            ? "(" + alias + ".executor IS NOT NULL AND " + alias + ".executor = ?)"
                            : alias + ".executor IS NULL")
                    .append(" AND ").append(queueCondition(alias, route.queues())).append(')');
        }
        return sql.toString();
    }

    private static String queueCondition(String alias, QueueSet queues) {
        return switch (queues) {
            case QueueSet.All all -> "TRUE";
            case QueueSet.Only only -> alias + ".queue = ANY (?)";
            case QueueSet.AllExcept except -> "NOT (" + alias + ".queue = ANY (?))";
        };
    }

    /** Binds the parameters of {@link #condition} starting at {@code index}; returns the next free index. */
    int bind(Connection connection, PreparedStatement statement, int index) throws SQLException {
        List<Object> values = new ArrayList<>();
        for (ClosedRoute route : closed) {
            route.executor().ifPresent(values::add);
            switch (route.queues()) {
                case QueueSet.All all -> { }
                case QueueSet.Only only -> values.add(textArray(connection, only.queues()));
                case QueueSet.AllExcept except -> values.add(textArray(connection, except.queues()));
            }
        }
        int next = index;
        for (Object value : values) {
            statement.setObject(next++, value);
        }
        return next;
    }

    private static Array textArray(Connection connection, Set<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }
}
