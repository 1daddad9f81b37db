package io.taskpod.kubernetes.status;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.taskpod.kubernetes.pod.PodLabels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Readable worker pods for classifier tests: {@code pendingPod("t1").waiting("ErrImagePull")}. */
final class PodFixture {

    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    static final String SCHEDULER = "sched-1";

    private final String name;
    private String phase;
    private String reason;
    private String message;
    private boolean deleting;
    private Instant created = CREATED;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<ContainerStatus> init = new ArrayList<>();
    private final List<ContainerStatus> main = new ArrayList<>();
    private final List<PodCondition> conditions = new ArrayList<>();

    private PodFixture(String name, String phase) {
        this.name = name;
        this.phase = phase;
        labels.put(PodLabels.WORKER, SCHEDULER);
        labels.put(PodLabels.KUBERNETES_EXECUTOR, PodLabels.TRUE);
    }

    static PodFixture pendingPod(String name) {
        return new PodFixture(name, "Pending");
    }

    static PodFixture runningPod(String name) {
        return new PodFixture(name, "Running").running("base");
    }

    static PodFixture failedPod(String name) {
        return new PodFixture(name, "Failed");
    }

    static PodFixture succeededPod(String name) {
        return new PodFixture(name, "Succeeded").terminated("base", 0, "Completed");
    }

    static PodFixture podInPhase(String name, String phase) {
        return new PodFixture(name, phase);
    }

    PodFixture waiting(String reason) {
        return waiting("base", reason, null);
    }

    PodFixture waiting(String container, String reason, String message) {
        main.add(status(container).withNewState().withNewWaiting().withReason(reason).withMessage(message)
                .endWaiting().endState().build());
        return this;
    }

    PodFixture initWaiting(String container, String reason) {
        init.add(status(container).withNewState().withNewWaiting().withReason(reason).endWaiting().endState().build());
        return this;
    }

    PodFixture running(String container) {
        main.add(status(container).withNewState().withNewRunning().endRunning().endState().build());
        return this;
    }

    PodFixture terminated(String container, int exitCode, String reason) {
        main.add(status(container).withNewState().withNewTerminated().withExitCode(exitCode).withReason(reason)
                .endTerminated().endState().build());
        return this;
    }

    PodFixture initTerminated(String container, int exitCode, String reason, String message) {
        init.add(status(container).withNewState().withNewTerminated().withExitCode(exitCode).withReason(reason)
                .withMessage(message).endTerminated().endState().build());
        return this;
    }

    PodFixture podReason(String podReason, String podMessage) {
        this.reason = podReason;
        this.message = podMessage;
        return this;
    }

    PodFixture unschedulable(String conditionMessage) {
        conditions.add(new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage(conditionMessage).build());
        return this;
    }

    PodFixture deleting() {
        this.deleting = true;
        return this;
    }

    PodFixture createdAt(Instant instant) {
        this.created = instant;
        return this;
    }

    PodFixture label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    PodFixture ownedBy(String scheduler) {
        return label(PodLabels.WORKER, scheduler);
    }

    Pod build() {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("default").withLabels(labels)
                .withCreationTimestamp(created.toString())
                .withDeletionTimestamp(deleting ? created.plusSeconds(1).toString() : null).endMetadata()
                .withNewStatus().withPhase(phase).withReason(reason).withMessage(message)
                .withInitContainerStatuses(init).withContainerStatuses(main).withConditions(conditions).endStatus()
                .build();
    }

    private static ContainerStatusBuilder status(String container) {
        return new ContainerStatusBuilder().withName(container).withImage("taskpod:1").withReady(false).withRestartCount(0);
    }
}
