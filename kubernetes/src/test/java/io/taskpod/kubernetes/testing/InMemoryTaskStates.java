package io.taskpod.kubernetes.testing;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.core.port.DatabaseOutageException;
import io.taskpod.core.port.TaskStateLookup;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/** Task instance rows in memory, as the worker and the scheduler would leave them in the database. */
public final class InMemoryTaskStates implements TaskStateLookup {

    private final Map<TaskInstanceId, TaskInstance> rows = new ConcurrentHashMap<>();
    private final Set<String> live = new CopyOnWriteArraySet<>();
    private final Map<TaskInstanceId, RuntimeException> failingLookups = new ConcurrentHashMap<>();
    private volatile boolean unavailable;

    /** While true, every lookup fails as a database outage would. */
    public void unavailable(boolean down) {
        this.unavailable = down;
    }

    /** Every lookup of this task instance fails with {@code error}, as a row that cannot be read would. */
    public void failLookupsOf(TaskInstanceKey key, RuntimeException error) {
        failingLookups.put(key.id(), error);
    }

    /** The scheduler queued this try (launch attempt {@code launchAttempt}). */
    public TaskInstance queued(TaskInstanceKey key, String schedulerId, int launchAttempt) {
        return put(key, TaskState.QUEUED, Optional.of(schedulerId), launchAttempt);
    }

    /** The worker recorded {@code state} for this try. */
    public void recorded(TaskInstanceKey key, TaskState state) {
        TaskInstance row = rows.get(key.id());
        put(key, state, row == null ? Optional.empty() : row.queuedBy(), row == null ? 1 : row.launchAttempt());
    }

    public TaskInstance put(TaskInstanceKey key, TaskState state, Optional<String> queuedBy, int launchAttempt) {
        TaskInstance row = new TaskInstance(key, state, "kubernetes", Optional.empty(), 1, 1, queuedBy, Optional.empty(),
                Optional.empty(), launchAttempt, Optional.of(Instant.EPOCH), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        rows.put(key.id(), row);
        return row;
    }

    public void alive(String... schedulerIds) {
        live.clear();
        live.addAll(List.of(schedulerIds));
    }

    @Override
    public Optional<TaskInstance> find(TaskInstanceId id) {
        checkAvailable();
        RuntimeException failure = failingLookups.get(id);
        if (failure != null) {
            throw failure;
        }
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public List<TaskInstance> findExecutingQueuedBy(String schedulerId) {
        return rows.values().stream().filter(ti -> ti.state().isExecuting())
                .filter(ti -> ti.queuedBy().filter(schedulerId::equals).isPresent()).toList();
    }

    @Override
    public Collection<String> liveSchedulerIds() {
        checkAvailable();
        return Set.copyOf(live);
    }

    private void checkAvailable() {
        if (unavailable) {
            throw new DatabaseOutageException("the database is unavailable", new IllegalStateException("refused"));
        }
    }
}
