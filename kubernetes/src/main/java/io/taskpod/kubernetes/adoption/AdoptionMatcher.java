package io.taskpod.kubernetes.adoption;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.kubernetes.pod.InvalidPodIdentityException;
import io.taskpod.kubernetes.pod.PodIdentity;
import java.util.Collection;
import java.util.Optional;

/**
 * Which pod belongs to a task instance offered for adoption: the one whose identity annotations name this very
 * try and launch attempt, owned by the scheduler that queued it. A pod of an older try or an older launch of the
 * same try is not this task instance's: it is left alone (Airflow's rule for pods the scheduler did not hand in).
 */
public final class AdoptionMatcher {

    private AdoptionMatcher() {}

    public static Optional<Pod> podOf(TaskInstance ti, String owner, Collection<Pod> pods) {
        return pods.stream().filter(pod -> {
            try {
                PodIdentity identity = PodIdentity.of(pod);
                return identity.key().equals(ti.key()) && identity.launchAttempt() == ti.launchAttempt()
                        && identity.schedulerId().equals(owner);
            } catch (InvalidPodIdentityException e) {
                return false;
            }
        }).findFirst();
    }
}
