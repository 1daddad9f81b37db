package io.taskpod.kubernetes.executor;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.port.TaskStateLookup;
import io.taskpod.kubernetes.adoption.AdoptionMatcher;
import io.taskpod.kubernetes.adoption.PodAdopter;
import io.taskpod.kubernetes.adoption.Relabel;
import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.cleanup.CleanupAction;
import io.taskpod.kubernetes.cleanup.PodCleaner;
import io.taskpod.kubernetes.cleanup.PodCleanup;
import io.taskpod.kubernetes.cleanup.PodFinish;
import io.taskpod.kubernetes.metrics.KubernetesExecutorMetrics;
import io.taskpod.kubernetes.pod.InvalidPodIdentityException;
import io.taskpod.kubernetes.pod.PodIdentity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adoption (Airflow's {@code try_adopt_task_instances}, {@code adopt_launched_task}, {@code _adopt_completed_pods}):
 * taking over tries launched by an earlier run of this scheduler or by dead schedulers, and sweeping completed pods
 * nobody will adopt. Scheduler thread only; the sweep's relabels and cleanups run on background threads.
 */
final class PodAdoptions {

    private static final Logger log = LoggerFactory.getLogger(PodAdoptions.class);

    private final String schedulerId;
    private final List<PodScope> scopes;
    private final PodAdopter adopter;
    private final TaskStateLookup taskStates;
    private final TrackedPods tracked;
    private final TaskReports reports;
    private final ExecutorInbox inbox;
    private final BackgroundWork background;
    private final PodCleaner cleaner;
    private final DeferredCleanups cleanups;
    private final KubernetesExecutorMetrics metrics;
    private Optional<Signal.OwnPodsListed> ownPods = Optional.empty();

    PodAdoptions(String schedulerId, List<PodScope> scopes, PodAdopter adopter, TaskStateLookup taskStates,
            TrackedPods tracked, TaskReports reports, ExecutorInbox inbox, BackgroundWork background, PodCleaner cleaner,
            DeferredCleanups cleanups, KubernetesExecutorMetrics metrics) {
        this.schedulerId = schedulerId;
        this.scopes = List.copyOf(scopes);
        this.adopter = adopter;
        this.taskStates = taskStates;
        this.tracked = tracked;
        this.reports = reports;
        this.inbox = inbox;
        this.background = background;
        this.cleaner = cleaner;
        this.cleanups = cleanups;
        this.metrics = metrics;
    }

    /** See {@link KubernetesExecutor#tryAdoptTaskInstances}. */
    List<TaskInstance> tryAdopt(Collection<TaskInstance> taskInstances) {
        List<TaskInstance> notAdopted = new ArrayList<>();
        Map<String, List<TaskInstance>> byOwner = new LinkedHashMap<>();
        for (TaskInstance ti : taskInstances) {
            if (reports.knows(ti.key())) {
                continue;
            }
            ti.queuedBy().ifPresentOrElse(owner -> byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(ti),
                    () -> notAdopted.add(ti));
        }
        Set<String> live = byOwner.keySet().stream().allMatch(schedulerId::equals) ? Set.of(schedulerId)
                : new HashSet<>(taskStates.liveSchedulerIds());
        byOwner.forEach((owner, group) -> notAdopted.addAll(adoptFrom(owner, group, live)));
        return notAdopted;
    }

    /** The latest complete list of this scheduler's active pods ({@link Signal.OwnPodsListed}). */
    void ownPodsListed(Signal.OwnPodsListed listed) {
        ownPods = Optional.of(listed);
    }

    /**
     * See {@link KubernetesExecutor#clearNotLaunchedQueuedTasks}. Never calls the API server: a task instance is
     * decided by the latest complete list of this scheduler's pods, and only if that list started no earlier than
     * the task instance was queued. When some candidate cannot be decided so, a list is requested on the list
     * thread for a later pass.
     */
    List<TaskInstance> notLaunched(Collection<TaskInstance> taskInstances) {
        List<TaskInstance> candidates = taskInstances.stream()
                .filter(ti -> ti.queuedBy().filter(schedulerId::equals).isPresent() && !reports.knows(ti.key()))
                .toList();
        List<TaskInstance> decidable = candidates.stream().filter(this::listedSinceQueued).toList();
        if (decidable.size() < candidates.size()) {
            background.requestLists(false);
        }
        return ownPods.map(list -> decidable.stream()
                .filter(ti -> AdoptionMatcher.podOf(ti, schedulerId, list.pods()).isEmpty()).toList())
                .orElse(List.of());
    }

    private boolean listedSinceQueued(TaskInstance ti) {
        return ownPods.isPresent() && ti.queuedAt().filter(at -> !ownPods.get().startedAt().isBefore(at)).isPresent();
    }

    private List<TaskInstance> adoptFrom(String owner, List<TaskInstance> group, Set<String> live) {
        boolean own = owner.equals(schedulerId);
        String source = own ? "own" : "dead_scheduler";
        if (!own && live.contains(owner)) {
            log.warn("Not adopting {} task instance(s) of scheduler {}: it is alive", group.size(), owner);
            return group;
        }
        List<Pod> pods;
        try {
            pods = adopter.activePodsOf(owner);
        } catch (RuntimeException e) {
            log.warn("Could not list the pods of scheduler {} to adopt them: {}", owner, e.toString());
            return group;
        }
        List<TaskInstance> notAdopted = new ArrayList<>();
        for (TaskInstance ti : group) {
            Optional<Pod> pod = AdoptionMatcher.podOf(ti, owner, pods);
            if (pod.isPresent() && adoptLaunchedTask(ti, pod.get(), owner, own)) {
                metrics.adoption(source, "adopted");
            } else {
                notAdopted.add(ti);
                metrics.adoption(source, pod.isEmpty() ? "no_pod" : "not_adopted");
            }
        }
        log.info("Adoption from scheduler {}: {} of {} task instance(s) adopted", owner, group.size() - notAdopted.size(),
                group.size());
        return notAdopted;
    }

    /** Owns the try of {@code pod}, moving the pod to this scheduler first when another scheduler launched it. */
    private boolean adoptLaunchedTask(TaskInstance ti, Pod pod, String owner, boolean own) {
        String where = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        if (scopes.stream().noneMatch(scope -> scope.covers(pod.getMetadata().getNamespace()))) {
            log.warn("{}: pod {} is in a namespace this executor does not watch; not adopting it", ti.key(), where);
            return false;
        }
        Pod adopted = pod;
        if (!own) {
            Relabel relabel;
            try {
                relabel = adopter.relabel(pod, owner);
            } catch (RuntimeException e) {
                log.warn("{}: could not move pod {} to this scheduler: {}", ti.key(), where, e.toString());
                return false;
            }
            switch (relabel) {
                case Relabel.Adopted done -> adopted = done.pod();
                case Relabel.LostRace lost -> {
                    log.info("{}: pod {} was adopted by scheduler {} first", ti.key(), where, lost.owner());
                    return false;
                }
                case Relabel.Gone gone -> {
                    log.info("{}: pod {} is gone", ti.key(), where);
                    return false;
                }
            }
        }
        tracked.adopted(PodIdentity.of(adopted), adopted);
        reports.owned(ti.key());
        inbox.add(new Signal.Adopted(adopted));
        log.info("{}: adopted pod {} from {}", ti.key(), where, own ? "this scheduler's earlier run" : "scheduler " + owner);
        return true;
    }

    /**
     * Pods of dead schedulers that nobody will adopt, moved to this scheduler (the same race-free relabel) and
     * cleaned up: completed ones per the delete policy; active ones whose launch the database no longer has executing
     * (the try was queued again as another launch, or ended) are revoked, since their worker can no longer claim the
     * try and nobody else would stop them. Pods of live schedulers, this one included, and of launches the database
     * still has queued or running, are left alone: adoption takes those.
     */
    void sweepDeadSchedulersPods(List<Pod> pods) {
        Set<String> live = new HashSet<>(taskStates.liveSchedulerIds());
        live.add(schedulerId);
        for (Pod pod : pods) {
            PodIdentity identity;
            try {
                identity = PodIdentity.of(pod);
            } catch (InvalidPodIdentityException e) {
                continue;
            }
            String owner = identity.schedulerId();
            if (live.contains(owner) || taskStates.find(identity.key().id())
                    .filter(ti -> ti.key().tryNumber() == identity.key().tryNumber() && ti.state().isExecuting()
                            && ti.launchAttempt() == identity.launchAttempt())
                    .isPresent()) {
                continue;
            }
            String phase = pod.getStatus() == null ? "" : Objects.toString(pod.getStatus().getPhase(), "");
            CleanupAction action = switch (phase) {
                case "Succeeded" -> cleanups.policy().decide(PodFinish.SUCCEEDED, false);
                case "Failed" -> cleanups.policy().decide(PodFinish.FAILED, false);
                default -> CleanupAction.REVOKE;
            };
            PodCleanup cleanup = new PodCleanup(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), action,
                    (action == CleanupAction.REVOKE ? "stale launch" : "completed pod") + " of dead scheduler " + owner);
            background.runOnListThread(() -> adoptDead(pod, owner, cleanup));
        }
    }

    private void adoptDead(Pod pod, String owner, PodCleanup cleanup) {
        try {
            Relabel relabel = adopter.relabel(pod, owner);
            metrics.adoption(cleanup.action() == CleanupAction.REVOKE ? "stale" : "completed",
                    relabel instanceof Relabel.Adopted ? "adopted" : "not_adopted");
            if (relabel instanceof Relabel.Adopted) {
                cleaner.submit(cleanup);
            }
        } catch (RuntimeException e) {
            log.warn("Could not adopt pod {}/{} of dead scheduler {}: {}", cleanup.namespace(), cleanup.podName(), owner,
                    e.toString());
        }
    }
}
