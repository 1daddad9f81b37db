package io.taskpod.kubernetes.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.kubernetes.cleanup.PodFinish;
import io.taskpod.kubernetes.pod.PodIdentity;
import io.taskpod.kubernetes.pod.PodLabels;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to do with a pod of this scheduler for a try the executor does not own, from what the database says about
 * that task instance: adopt it when the database has this very launch queued or running by this scheduler (a
 * restart rebuilding its running set); leave it alone when the database has this very launch queued or running by
 * another scheduler (a sibling took the try over while this one was dead: in the database only, as a running try
 * nobody could relabel, which its heartbeat and the zombie check now decide, or with a relabel of the pod still on
 * its way); otherwise clean it up, as finished when it is, or by revoking it when it could still run (a try the
 * scheduler reset or finished, or another launch of it, must not run on).
 */
public final class UnknownPodDecision {

    /** The outcome for one unknown pod. */
    public sealed interface Outcome {
        /** Own the try again: its pod is this launch and the database expects it to run. */
        record Adopt() implements Outcome {}

        /** Another scheduler owns this launch in the database: not this executor's to adopt or to stop. */
        record LeaveAlone(String why) implements Outcome {
            public LeaveAlone {
                Objects.requireNonNull(why, "why");
            }
        }

        /** Not wanted: clean it up as {@code finish}. */
        record CleanUp(PodFinish finish, String why) implements Outcome {
            public CleanUp {
                Objects.requireNonNull(finish, "finish");
                Objects.requireNonNull(why, "why");
            }
        }
    }

    private UnknownPodDecision() {}

    public static Outcome decide(Pod pod, PodIdentity identity, Optional<TaskInstance> row, String schedulerId) {
        Map<String, String> labels = Optional.ofNullable(pod.getMetadata().getLabels()).orElse(Map.of());
        String phase = pod.getStatus() == null ? "Pending" : Objects.toString(pod.getStatus().getPhase(), "Pending");
        if (!labels.containsKey(PodLabels.POD_REVOKED) && row.isPresent()) {
            TaskInstance ti = row.get();
            boolean thisLaunch = ti.key().tryNumber() == identity.key().tryNumber() && ti.state().isExecuting()
                    && ti.launchAttempt() == identity.launchAttempt();
            if (thisLaunch && ti.queuedBy().filter(schedulerId::equals).isPresent()) {
                return new Outcome.Adopt();
            }
            if (thisLaunch && ti.queuedBy().isPresent()) {
                return new Outcome.LeaveAlone("the database has try " + ti.key().tryNumber() + " launch "
                        + ti.launchAttempt() + " " + ti.state().dbValue() + " under scheduler " + ti.queuedBy().get());
            }
        }
        String why = row.map(ti -> "the database has try " + ti.key().tryNumber() + " launch " + ti.launchAttempt() + " "
                + ti.state().dbValue() + ti.queuedBy().map(by -> " queued by " + by).orElse(""))
                .orElse("the task instance is not in the database");
        return switch (phase) {
            case "Succeeded" -> new Outcome.CleanUp(PodFinish.SUCCEEDED, why);
            case "Failed" -> new Outcome.CleanUp(PodFinish.FAILED, why);
            default -> new Outcome.CleanUp(PodFinish.REVOKED, why);
        };
    }
}
