package io.taskpod.kubernetes.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a worker pod failed or never ran, as recorded on the task instance and written into the task's log: what
 * happened ({@code cause}), the pod's phase, reason and message, and the container that explains it.
 *
 * @param cause what happened to the pod, completing "pod NAME …", e.g. {@code failed} or
 *     {@code was deleted while running}
 */
public record FailureDetails(String namespace, String podName, String phase, String cause, Optional<String> podReason,
        Optional<String> podMessage, Optional<ContainerDetail> container) {

    public FailureDetails {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(podName, "podName");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(podReason, "podReason");
        Objects.requireNonNull(podMessage, "podMessage");
        Objects.requireNonNull(container, "container");
    }

    /** True when the container that explains the failure was OOMKilled. */
    public boolean oomKilled() {
        return container.map(ContainerDetail::oomKilled).orElse(false);
    }

    /** One line, e.g. {@code pod etl-load-x failed: container base OOMKilled (exit code 137)}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        podReason.ifPresent(reason -> parts.add("pod reason " + reason
                + podMessage.filter(m -> !m.isBlank()).map(m -> " (" + ContainerDetail.shorten(m) + ")").orElse("")));
        if (podReason.isEmpty()) {
            podMessage.filter(m -> !m.isBlank()).ifPresent(m -> parts.add(ContainerDetail.shorten(m)));
        }
        container.ifPresent(c -> parts.add(c.describe()));
        String head = "pod " + podName + " " + cause;
        return parts.isEmpty() ? head + " (phase " + phase + ")" : head + ": " + String.join("; ", parts);
    }
}
