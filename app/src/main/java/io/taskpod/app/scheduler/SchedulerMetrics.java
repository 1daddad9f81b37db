package io.taskpod.app.scheduler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The scheduler's meters, named after Airflow's where Airflow has one. */
final class SchedulerMetrics {

    final Counter tasksQueued;
    final Counter killedExternally;
    final Counter zombies;
    final Counter stuckRequeued;
    final Counter stuckFailed;
    final Counter orphansAdopted;
    final Counter orphansCleared;
    final Counter notLaunchedCleared;
    final Counter stopRequests;
    final Counter runsScheduled;
    final Counter runsSucceeded;
    final Counter runsFailed;
    final Counter databaseOutages;
    final Timer loop;

    SchedulerMetrics(MeterRegistry registry) {
        tasksQueued = registry.counter("scheduler.tasks.queued");
        killedExternally = registry.counter("scheduler.tasks.killed_externally");
        zombies = registry.counter("scheduler.tasks.zombies");
        stuckRequeued = registry.counter("scheduler.tasks.stuck_in_queued", "outcome", "requeued");
        stuckFailed = registry.counter("scheduler.tasks.stuck_in_queued", "outcome", "failed");
        orphansAdopted = registry.counter("scheduler.orphaned_tasks.adopted");
        orphansCleared = registry.counter("scheduler.orphaned_tasks.cleared");
        notLaunchedCleared = registry.counter("scheduler.tasks.not_launched_cleared");
        stopRequests = registry.counter("scheduler.tasks.stopped_by_user");
        runsScheduled = registry.counter("scheduler.dag_runs.scheduled");
        runsSucceeded = registry.counter("scheduler.dag_runs.finished", "state", "success");
        runsFailed = registry.counter("scheduler.dag_runs.finished", "state", "failed");
        databaseOutages = registry.counter("scheduler.database.outages");
        loop = registry.timer("scheduler.loop.duration");
    }
}
