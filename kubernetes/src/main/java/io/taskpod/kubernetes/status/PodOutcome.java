package io.taskpod.kubernetes.status;

import java.util.Objects;
import java.util.Optional;

/** What an observed worker pod means for its task, and what the executor must do about it. */
public sealed interface PodOutcome {

    /** Labelled {@code taskpod_pod_revoked}: the scheduler revoked it; ignore every event. */
    record Revoked() implements PodOutcome {}

    /**
     * The pod left this scheduler's watch without being deleted: relabelled to another scheduler (adopted) or
     * labelled done. Forget the task without an event; do not touch the pod.
     */
    record LeftWatch(String reason) implements PodOutcome {
        public LeftWatch {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Still waiting to run. {@code imagePullBackOff}: a container is in ImagePullBackOff now; the caller counts
     * these sightings per pod and passes the count to the next classification.
     */
    record Pending(Optional<ContainerDetail> waiting, boolean imagePullBackOff) implements PodOutcome {
        public Pending {
            Objects.requireNonNull(waiting, "waiting");
        }
    }

    /** Running; nothing to report (the worker marks the task running itself). */
    record Running() implements PodOutcome {}

    /** The pod finished; the task's state is what the worker recorded: look it up in the database. */
    record Succeeded() implements PodOutcome {}

    /** The pod failed or was deleted before it finished: fail the task with the details, then apply the delete policy. */
    record Failed(FailureDetails details) implements PodOutcome {
        public Failed {
            Objects.requireNonNull(details, "details");
        }
    }

    /**
     * A Pending pod that must never start (fatal waiting reason, repeated ImagePullBackOff, pending timeout):
     * delete it whatever the delete policy, so it cannot run the try after it was failed, and fail the task.
     */
    record DeleteAndFail(FailureDetails details) implements PodOutcome {
        public DeleteAndFail {
            Objects.requireNonNull(details, "details");
        }
    }

    /**
     * The worker refused the try ({@code WorkerExitCode.REFUSED}: another worker has it, or it already finished):
     * nothing ran and nothing was recorded. Drop the launch without a failure; apply the delete policy as for success.
     */
    record Refused(String podName) implements PodOutcome {
        public Refused {
            Objects.requireNonNull(podName, "podName");
        }
    }

    /** A phase the classifier does not know (e.g. {@code Unknown}: the node stopped reporting); log it, wait. */
    record UnknownPhase(String phase) implements PodOutcome {
        public UnknownPhase {
            Objects.requireNonNull(phase, "phase");
        }
    }
}
