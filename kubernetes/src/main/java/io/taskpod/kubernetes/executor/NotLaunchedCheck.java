package io.taskpod.kubernetes.executor;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.kubernetes.adoption.AdoptionMatcher;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Airflow's {@code clear_not_launched_queued_tasks} (the cleanup of stuck queued task instances): decided by the
 * latest complete list of this scheduler's pods ({@link Signal.OwnPodsListed}), never by a call of its own.
 * Scheduler thread only.
 */
final class NotLaunchedCheck {

    private final String schedulerId;
    private final TaskReports reports;
    private final PodPoller poller;
    private Optional<Signal.OwnPodsListed> ownPods = Optional.empty();

    NotLaunchedCheck(String schedulerId, TaskReports reports, PodPoller poller) {
        this.schedulerId = schedulerId;
        this.reports = reports;
        this.poller = poller;
    }

    /** The latest complete list of this scheduler's active pods. */
    void ownPodsListed(Signal.OwnPodsListed listed) {
        ownPods = Optional.of(listed);
    }

    /**
     * Airflow's {@code clear_not_launched_queued_tasks}: of the task instances this scheduler queued, those this
     * executor does not know (not queued here, not launching, not owned) and that have no pod of this scheduler for
     * their launch in a list of its pods that started after they were queued; the scheduler puts them back to
     * scheduled, keeping the try. Task instances of other schedulers are never returned.
     *
     * <p>Never calls the API server, so an API server that accepts connections but does not answer cannot stall the
     * scheduler loop (and its heartbeat): the pods are those of the latest periodic list on the list thread
     * ({@code worker_pods_reconcile_interval}), applied through the inbox. A task instance queued after that list
     * started is not returned yet; a list is requested for a later pass instead. While lists fail, nothing is reset.
     */
    List<TaskInstance> notLaunched(Collection<TaskInstance> taskInstances) {
        List<TaskInstance> candidates = taskInstances.stream()
                .filter(ti -> ti.queuedBy().filter(schedulerId::equals).isPresent() && !reports.knows(ti.key()))
                .toList();
        List<TaskInstance> decidable = candidates.stream().filter(this::listedSinceQueued).toList();
        if (decidable.size() < candidates.size()) {
            poller.requestLists(false);
        }
        return ownPods.map(list -> decidable.stream()
                .filter(ti -> AdoptionMatcher.podOf(ti, schedulerId, list.pods()).isEmpty()).toList())
                .orElse(List.of());
    }

    private boolean listedSinceQueued(TaskInstance ti) {
        return ownPods.isPresent() && ti.queuedAt().filter(at -> !ownPods.get().startedAt().isBefore(at)).isPresent();
    }
}
