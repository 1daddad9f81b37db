package io.taskpod.app.api;

import io.taskpod.store.operate.AuditEntry;
import io.taskpod.store.operate.TaskChange;
import io.taskpod.store.user.UserRecord;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the manual actions, the audit log and the users. */
final class OperateViews {

    private OperateViews() {}

    /**
     * A task instance an action changed (or, in a dry run, would change).
     *
     * @param stopRequested whether its try was queued or running, so its scheduler stops the pod or process
     */
    record TaskChangeView(String dagId, String runId, String taskId, int mapIndex, int tryNumber, String state,
            String newState, boolean stopRequested) {

        static TaskChangeView of(TaskChange change) {
            return new TaskChangeView(change.id().dagId(), change.id().runId(), change.id().taskId(),
                    change.id().mapIndex(), change.tryNumber(), change.from().dbValue(), change.to().dbValue(),
                    change.stopRequested());
        }

        static List<TaskChangeView> of(List<TaskChange> changes) {
            return changes.stream().map(TaskChangeView::of).toList();
        }
    }

    /** {@code clearTaskInstances} and a task instance's {@code PATCH}: Airflow's {@code task_instances} list. */
    record TaskChanges(boolean dryRun, List<TaskChangeView> taskInstances) {}

    /** A run ended by hand: the run now, and the task instances that changed with it. */
    record RunChangeView(ApiViews.RunView run, String previousState, List<TaskChangeView> taskInstances) {}

    /** {@code POST /api/v1/backfills}. */
    record BackfillView(String dagId, boolean dryRun, List<ApiViews.RunView> created, List<Instant> existing) {}

    /** One line of the audit log (Airflow's event log). */
    record EventLogView(long eventLogId, Instant when, String owner, String event, String dagId, String runId,
            String taskId, String extra) {

        static EventLogView of(AuditEntry entry) {
            return new EventLogView(entry.id(), entry.at(), entry.actor(), entry.event(), entry.dagId().orElse(null),
                    entry.runId().orElse(null), entry.taskId().orElse(null), entry.details().orElse(null));
        }
    }

    /** {@code GET /api/v1/eventLogs}: newest first. */
    record EventLogList(List<EventLogView> eventLogs) {}

    /** A user; never its password. */
    record UserView(String username, String role, String createdBy, Instant createdAt) {

        static UserView of(UserRecord user) {
            return new UserView(user.username(), user.role().dbValue(), user.createdBy(), user.createdAt());
        }
    }

    /** {@code GET /api/v1/users}. */
    record UserList(List<UserView> users) {}
}
