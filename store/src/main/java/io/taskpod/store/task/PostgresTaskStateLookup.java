package io.taskpod.store.task;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.port.TaskStateLookup;
import io.taskpod.store.StoreException;
import io.taskpod.store.scheduler.SchedulerRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Core's {@link TaskStateLookup} on PostgreSQL. A scheduler is live while its row is running and its heartbeat
 * is within {@code [scheduler] scheduler_health_check_threshold}. An outage is thrown as core's
 * {@link io.taskpod.core.port.DatabaseOutageException} ({@link StoreException#forPort}).
 */
public final class PostgresTaskStateLookup implements TaskStateLookup {

    private final TaskInstanceRepository taskInstances;
    private final SchedulerRepository schedulers;
    private final Duration healthCheckThreshold;
    private final Clock clock;

    public PostgresTaskStateLookup(TaskInstanceRepository taskInstances, SchedulerRepository schedulers,
            Duration healthCheckThreshold, Clock clock) {
        this.taskInstances = taskInstances;
        this.schedulers = schedulers;
        this.healthCheckThreshold = healthCheckThreshold;
        this.clock = clock;
    }

    @Override
    public Optional<TaskInstance> find(TaskInstanceId id) {
        return StoreException.forPort(() -> taskInstances.find(id));
    }

    @Override
    public List<TaskInstance> findExecutingQueuedBy(String schedulerId) {
        return StoreException.forPort(() -> taskInstances.findExecutingQueuedBy(schedulerId));
    }

    @Override
    public Collection<String> liveSchedulerIds() {
        return StoreException.forPort(() -> schedulers.liveIds(clock.instant().minus(healthCheckThreshold)));
    }
}
