package io.taskpod.app.scheduler;

import io.taskpod.store.Jdbc;
import io.taskpod.store.dag.DagRepository;
import io.taskpod.store.operate.StopRequestRepository;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.scheduler.SchedulerRepository;
import io.taskpod.store.task.QueueingRepository;
import io.taskpod.store.task.TaskInstanceRepository;
import io.taskpod.store.task.TaskStateChanges;
import java.util.Objects;

/**
 * The store's repositories one scheduler works with, all over one database; built once by whoever wires the
 * scheduler ({@code SchedulerAssembly}), which hands the same ones to the executors' database ports.
 *
 * @param jdbc the database itself, for what spans repositories in one transaction (adoption)
 */
public record SchedulerRepositories(Jdbc jdbc, SchedulerRepository schedulers, DagRepository dags,
        DagRunRepository runs, TaskInstanceRepository taskInstances, TaskStateChanges changes,
        QueueingRepository queueing, StopRequestRepository stopRequests) {

    public SchedulerRepositories {
        Objects.requireNonNull(jdbc, "jdbc");
        Objects.requireNonNull(schedulers, "schedulers");
        Objects.requireNonNull(dags, "dags");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(taskInstances, "taskInstances");
        Objects.requireNonNull(changes, "changes");
        Objects.requireNonNull(queueing, "queueing");
        Objects.requireNonNull(stopRequests, "stopRequests");
    }

    /** Every repository over {@code jdbc}. */
    public static SchedulerRepositories of(Jdbc jdbc) {
        return new SchedulerRepositories(jdbc, new SchedulerRepository(jdbc), new DagRepository(jdbc),
                new DagRunRepository(jdbc), new TaskInstanceRepository(jdbc), new TaskStateChanges(jdbc),
                new QueueingRepository(jdbc), new StopRequestRepository(jdbc));
    }
}
