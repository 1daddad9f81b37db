package io.taskpod.kubernetes.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskpod.kubernetes.api.Fabric8KubernetesApi;
import io.taskpod.kubernetes.api.KubernetesApiException;
import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.cleanup.StalePodReport.Outcome;
import io.taskpod.kubernetes.pod.PodLabels;
import io.taskpod.kubernetes.testing.MutableClock;
import io.taskpod.testkit.kubernetes.Failure;
import io.taskpod.testkit.kubernetes.TestApiServerExtension;
import io.taskpod.testkit.kubernetes.TestKubernetesApiServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code cleanup-pods}' sweeper against the test API server, with pods in every phase and pods that are not ours. */
class StalePodSweeperTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<PodScope> WORKERS = List.of(PodScope.namespace("workers"));

    @RegisterExtension
    final TestApiServerExtension apiServer = TestApiServerExtension.configured(
            server -> server.clock(Clock.fixed(CREATED, ZoneOffset.UTC)));
    private TestKubernetesApiServer server;
    private KubernetesClient admin;
    private StalePodSweeper sweeper;

    @BeforeEach
    void podsInEveryPhase() {
        server = apiServer.server();
        admin = apiServer.client();
        MutableClock now = new MutableClock(CREATED.plus(Duration.ofHours(2)));
        sweeper = new StalePodSweeper(new Fabric8KubernetesApi(admin, Duration.ofMinutes(5)), now,
                new StalePodRule(Duration.ofHours(1), Duration.ofMinutes(30)));
        worker("workers", "succeeded-long-ago", Map.of()).finished("Succeeded", Duration.ofMinutes(10));
        worker("workers", "failed-kept-done", Map.of(PodLabels.EXECUTOR_DONE, PodLabels.TRUE))
                .finished("Failed", Duration.ofMinutes(5));
        worker("workers", "succeeded-just-now", Map.of()).finished("Succeeded", Duration.ofMinutes(90));
        worker("workers", "running", Map.of()).phase("Running");
        worker("workers", "pending-forever", Map.of());
        worker("workers", "unknown", Map.of()).phase("Unknown");
        create("workers", "someone-elses", Map.of("app", "other")).finished("Succeeded", Duration.ofMinutes(1));
        create("workers", "executor-label-only", Map.of(PodLabels.KUBERNETES_EXECUTOR, PodLabels.TRUE))
                .finished("Succeeded", Duration.ofMinutes(1));
        worker("elsewhere", "other-namespace", Map.of()).finished("Succeeded", Duration.ofMinutes(1));
    }

    @Test
    void aDryRunListsWhatWouldGoAndDeletesNothing() {
        StalePodReport report = sweeper.sweep(WORKERS, true);

        assertThat(byOutcome(report)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "failed-kept-done", Outcome.WOULD_DELETE,
                "pending-forever", Outcome.WOULD_DELETE,
                "succeeded-long-ago", Outcome.WOULD_DELETE,
                "succeeded-just-now", Outcome.KEPT,
                "running", Outcome.KEPT,
                "unknown", Outcome.KEPT,
                "executor-label-only", Outcome.KEPT));
        assertThat(podNames("workers")).hasSize(8);
        assertThat(report.complete()).isTrue();
    }

    @Test
    void deletesOnlyFinishedAndLongPendingWorkerPodsOfTheScope() {
        StalePodReport report = sweeper.sweep(WORKERS, false);

        assertThat(report.counts()).containsEntry(Outcome.DELETED, 3L).containsEntry(Outcome.KEPT, 4L);
        assertThat(podNames("workers")).containsExactlyInAnyOrder("succeeded-just-now", "running", "unknown",
                "someone-elses", "executor-label-only");
        assertThat(podNames("elsewhere")).containsExactly("other-namespace");
        assertThat(report.entries()).filteredOn(entry -> entry.name().equals("pending-forever")).singleElement()
                .satisfies(entry -> assertThat(entry.reason()).isEqualTo("Pending, created 2h0m ago"));
    }

    @Test
    void aPodThatChangedSinceItWasListedIsNotDeleted() {
        Pod listed = admin.pods().inNamespace("workers").withName("pending-forever").get();
        worker("workers", "pending-forever", Map.of()).phase("Running");
        Fabric8KubernetesApi api = new Fabric8KubernetesApi(admin, Duration.ofMinutes(5));

        assertThatThrownBy(() -> api.deletePodIfUnchanged("workers", "pending-forever",
                listed.getMetadata().getResourceVersion()))
                .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.code()).isEqualTo(409));
        assertThat(podNames("workers")).contains("pending-forever");
        assertThat(api.deletePodIfUnchanged("workers", "no-such-pod", "1")).isFalse();
    }

    @Test
    void aPodAlreadyBeingDeletedIsLeftToFinish() {
        PodSweep bound = create("workers", "terminating", Map.of(PodLabels.KUBERNETES_EXECUTOR, PodLabels.TRUE,
                PodLabels.WORKER, "sched-1"), "node-1");
        bound.phase("Running");
        admin.pods().inNamespace("workers").withName("terminating").delete();
        bound.finished("Succeeded", Duration.ofMinutes(1));

        StalePodReport report = sweeper.sweep(WORKERS, false);

        assertThat(byOutcome(report)).containsEntry("terminating", Outcome.KEPT);
        assertThat(report.entries()).filteredOn(entry -> entry.name().equals("terminating")).singleElement()
                .satisfies(entry -> assertThat(entry.reason()).isEqualTo("already being deleted"));
    }

    @Test
    void aNamespaceThatCannotBeListedIsReportedAndTheOthersAreStillSwept() {
        server.faults().failNext(1, request -> request.namespace().equals("workers"),
                Failure.of(403, "Forbidden", "pods is forbidden: cannot list"));

        StalePodReport report = sweeper.sweep(List.of(PodScope.namespace("workers"), PodScope.namespace("elsewhere")),
                false);

        assertThat(report.failures()).singleElement().asString()
                .startsWith("cannot list the pods in namespace workers: HTTP 403");
        assertThat(report.complete()).isFalse();
        assertThat(podNames("elsewhere")).isEmpty();
    }

    private Map<String, Outcome> byOutcome(StalePodReport report) {
        return report.entries().stream().collect(Collectors.toMap(StalePodReport.Entry::name,
                StalePodReport.Entry::outcome, (a, b) -> a, LinkedHashMap::new));
    }

    private List<String> podNames(String namespace) {
        return admin.pods().inNamespace(namespace).list().getItems().stream().map(p -> p.getMetadata().getName()).toList();
    }

    private PodSweep worker(String namespace, String name, Map<String, String> extraLabels) {
        if (admin.pods().inNamespace(namespace).withName(name).get() != null) {
            return new PodSweep(namespace, name);
        }
        Map<String, String> labels = new LinkedHashMap<>(Map.of(PodLabels.KUBERNETES_EXECUTOR, PodLabels.TRUE,
                PodLabels.WORKER, "sched-1", PodLabels.DAG_ID, "etl", PodLabels.TASK_ID, name));
        labels.putAll(extraLabels);
        return create(namespace, name, labels);
    }

    private PodSweep create(String namespace, String name, Map<String, String> labels) {
        return create(namespace, name, labels, null);
    }

    private PodSweep create(String namespace, String name, Map<String, String> labels, String node) {
        server.createNamespace(namespace);
        admin.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(name)
                .withLabels(labels).endMetadata().withNewSpec().withNodeName(node).addNewContainer().withName("base")
                .withImage("taskpod:test").endContainer().endSpec().build()).create();
        return new PodSweep(namespace, name);
    }

    /** Plays the node for one pod. */
    private final class PodSweep {
        private final String namespace;
        private final String name;

        PodSweep(String namespace, String name) {
            this.namespace = namespace;
            this.name = name;
        }

        void phase(String phase) {
            admin.pods().inNamespace(namespace).withName(name).editStatus(pod -> new PodBuilder(pod).editOrNewStatus()
                    .withPhase(phase).endStatus().build());
        }

        void finished(String phase, Duration afterCreation) {
            admin.pods().inNamespace(namespace).withName(name).editStatus(pod -> new PodBuilder(pod).editOrNewStatus()
                    .withPhase(phase).withContainerStatuses().addNewContainerStatus().withName("base")
                    .withImage("taskpod:test").withReady(false).withRestartCount(0).withNewState().withNewTerminated()
                    .withExitCode(phase.equals("Succeeded") ? 0 : 1)
                    .withFinishedAt(CREATED.plus(afterCreation).toString()).endTerminated().endState()
                    .endContainerStatus().endStatus().build());
        }
    }
}
