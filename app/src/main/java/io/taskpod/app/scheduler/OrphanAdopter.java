package io.taskpod.app.scheduler;

import io.taskpod.core.executor.Executor;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.AdvisoryLocks;
import io.taskpod.store.Jdbc;
import io.taskpod.store.run.RunScope;
import io.taskpod.store.scheduler.SchedulerRepository;
import io.taskpod.store.task.TaskInstanceRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adopt-or-reset (Airflow's {@code adopt_or_reset_orphaned_tasks}), at start and every
 * {@code orphaned_tasks_check_interval}. Schedulers whose heartbeat is older than
 * {@code scheduler_health_check_threshold} are marked failed; queued or running task instances they owned (or that
 * no scheduler owns) are offered to the executor that runs them ({@code tryAdoptTaskInstances}). At start, the
 * task instances this scheduler's id owned before a restart are offered the same way (a restart with the same id
 * resumes its own work).
 *
 * <p>What is adopted is owned by this scheduler from then on. What is not: a queued try is reset to
 * {@code scheduled} keeping its try number (it never started, or its start is refused by the worker's
 * compare-and-set); a running try is taken over in the database only and left to the zombie check, which fails it
 * once its worker's heartbeat is older than {@code task_instance_heartbeat_timeout}. Airflow resets running tries
 * too, which starts the try a second time while a worker the executor could not see may still run it; waiting for
 * the heartbeat to stop never runs a try twice. One scheduler adopts at a time (an advisory lock).
 */
final class OrphanAdopter {

    private static final Logger log = LoggerFactory.getLogger(OrphanAdopter.class);

    private final SchedulerRepository schedulers;
    private final TaskInstanceRepository taskInstances;
    private final ExecutorRouter router;
    private final Jdbc jdbc;
    private final SchedulerSettings settings;
    private final RunScope scope;
    private final Clock clock;
    private final SchedulerMetrics metrics;

    OrphanAdopter(SchedulerRepository schedulers, TaskInstanceRepository taskInstances, ExecutorRouter router, Jdbc jdbc,
            SchedulerSettings settings, RunScope scope, Clock clock, SchedulerMetrics metrics) {
        this.schedulers = schedulers;
        this.taskInstances = taskInstances;
        this.router = router;
        this.jdbc = jdbc;
        this.settings = settings;
        this.scope = scope;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Offers the executors what this scheduler's id owned before a restart; returns how many it handled. */
    int resumeOwn() {
        List<TaskInstance> own = taskInstances.findExecutingQueuedBy(settings.schedulerId()).stream()
                .filter(ti -> !router.anyHas(ti.key()))
                .toList();
        if (own.isEmpty()) {
            return 0;
        }
        log.info("Resuming {} task instance(s) this scheduler id owned before it restarted", own.size());
        return adoptOrReset(own, "the previous run of this scheduler");
    }

    /** Declares dead schedulers failed and adopts or resets their task instances; returns how many it handled. */
    int adoptOrphans() {
        return jdbc.whileHolding(AdvisoryLocks.ADOPTION, "adopt orphaned task instances", this::adoptOrphansLocked)
                .orElse(0);
    }

    private int adoptOrphansLocked() {
        Instant now = clock.instant();
        Instant liveSince = now.minus(settings.healthCheckThreshold());
        List<String> dead = schedulers.markDeadAsFailed(liveSince, settings.schedulerId(), now);
        if (!dead.isEmpty()) {
            log.warn("Schedulers without a heartbeat for {}s marked failed: {}", settings.healthCheckThreshold().toSeconds(),
                    dead);
        }
        Set<String> live = new HashSet<>(schedulers.liveIds(liveSince));
        live.add(settings.schedulerId());
        List<TaskInstance> orphans = taskInstances.findOrphans(live, scope);
        if (orphans.isEmpty()) {
            return 0;
        }
        log.info("Found {} orphaned task instance(s) of schedulers that are gone", orphans.size());
        return adoptOrReset(orphans, "a scheduler that is gone");
    }

    private int adoptOrReset(List<TaskInstance> candidates, String from) {
        Map<Executor, List<TaskInstance>> byExecutor = new LinkedHashMap<>();
        List<TaskInstance> notAdopted = new ArrayList<>();
        for (TaskInstance ti : candidates) {
            Optional<Executor> executor = router.executorFor(ti);
            if (executor.isPresent()) {
                byExecutor.computeIfAbsent(executor.get(), e -> new ArrayList<>()).add(ti);
            } else {
                notAdopted.add(ti);
            }
        }
        int handled = 0;
        for (Map.Entry<Executor, List<TaskInstance>> group : byExecutor.entrySet()) {
            List<TaskInstance> rejected = group.getKey().tryAdoptTaskInstances(group.getValue());
            Set<Object> rejectedIds = new HashSet<>();
            rejected.forEach(ti -> rejectedIds.add(ti.id()));
            for (TaskInstance ti : group.getValue()) {
                if (rejectedIds.contains(ti.id())) {
                    notAdopted.add(ti);
                } else if (own(ti, "adopted by " + group.getKey().name() + " from " + from)) {
                    metrics.orphansAdopted.increment();
                    handled++;
                }
            }
        }
        for (TaskInstance ti : notAdopted) {
            handled += resetOrWatch(ti, from) ? 1 : 0;
        }
        return handled;
    }

    private boolean resetOrWatch(TaskInstance ti, String from) {
        if (ti.state() == TaskState.QUEUED) {
            boolean reset = taskInstances.requeueLaunch(ti.key(), ti.queuedBy(), ti.launchAttempt(), false,
                    settings.schedulerId(), "queued by " + from + " and not adopted; requeued", clock.instant());
            if (reset) {
                metrics.orphansCleared.increment();
            }
            return reset;
        }
        return own(ti, "running under " + from + " and not adopted; watched through its heartbeat");
    }

    private boolean own(TaskInstance ti, String reason) {
        if (ti.queuedBy().equals(Optional.of(settings.schedulerId()))) {
            return true;
        }
        return taskInstances.adopt(ti.key(), ti.state(), ti.queuedBy(), settings.schedulerId(), reason, clock.instant());
    }
}
