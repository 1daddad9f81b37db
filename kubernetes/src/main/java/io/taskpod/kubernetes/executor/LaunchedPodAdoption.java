package io.taskpod.kubernetes.executor;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.port.TaskStateLookup;
import io.taskpod.kubernetes.adoption.AdoptionMatcher;
import io.taskpod.kubernetes.adoption.PodHandover;
import io.taskpod.kubernetes.adoption.Relabel;
import io.taskpod.kubernetes.metrics.KubernetesExecutorMetrics;
import io.taskpod.kubernetes.pod.PodIdentity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adoption of launched tries (Airflow's {@code try_adopt_task_instances} and {@code adopt_launched_task}): taking
 * over tries launched by an earlier run of this scheduler or by dead schedulers, their pods moved to this scheduler
 * ({@link PodHandover}). Scheduler thread only; its lists and relabels run on it too.
 */
final class LaunchedPodAdoption {

    private static final Logger log = LoggerFactory.getLogger(LaunchedPodAdoption.class);

    private final String schedulerId;
    private final PodHandover handover;
    private final TaskStateLookup taskStates;
    private final TrackedPods tracked;
    private final TaskReports reports;
    private final ExecutorInbox inbox;
    private final KubernetesExecutorMetrics metrics;

    LaunchedPodAdoption(String schedulerId, PodHandover handover, TaskStateLookup taskStates, TrackedPods tracked,
            TaskReports reports, ExecutorInbox inbox, KubernetesExecutorMetrics metrics) {
        this.schedulerId = schedulerId;
        this.handover = handover;
        this.taskStates = taskStates;
        this.tracked = tracked;
        this.reports = reports;
        this.inbox = inbox;
        this.metrics = metrics;
    }

    /**
     * Takes over tries launched by an earlier run of this scheduler or by a dead one (Airflow's
     * {@code try_adopt_task_instances}); returns the task instances it did not adopt, for the scheduler to reset.
     * <ul>
     *   <li>queued by this scheduler id: a pod of this scheduler for that exact try and launch → owned again, as it
     *       is (its events arrive through this scheduler's watch);
     *   <li>queued by a scheduler that is not alive ({@link TaskStateLookup#liveSchedulerIds()}): its pod for that
     *       exact try and launch is moved to this scheduler with a resourceVersion precondition
     *       ({@link PodHandover#relabel}), so when several schedulers adopt at once exactly one wins; a lost race
     *       returns the task instance;
     *   <li>queued by a live sibling, or by no one, or without a pod: returned. Pods of tries not handed in are left
     *       alone; tries this executor already owns are neither adopted again nor returned.
     * </ul>
     * An adopted pod is classified at the next sync, so a try that finished while nobody watched is reported then.
     * Lists and relabels run on the calling (scheduler) thread.
     */
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

    private List<TaskInstance> adoptFrom(String owner, List<TaskInstance> group, Set<String> live) {
        boolean own = owner.equals(schedulerId);
        String source = own ? "own" : "dead_scheduler";
        if (!own && live.contains(owner)) {
            log.warn("Not adopting {} task instance(s) of scheduler {}: it is alive", group.size(), owner);
            return group;
        }
        List<Pod> pods;
        try {
            pods = handover.activePodsOf(owner);
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
        if (!handover.watches(pod.getMetadata().getNamespace())) {
            log.warn("{}: pod {} is in a namespace this executor does not watch; not adopting it", ti.key(), where);
            return false;
        }
        Pod adopted = pod;
        if (!own) {
            Relabel relabel;
            try {
                relabel = handover.relabel(pod, owner);
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
}
