package io.taskpod.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TestKubeletTest {

    @TempDir
    Path workDir;

    @RegisterExtension
    final TestApiServerExtension apiServer = TestApiServerExtension.create();
    private TestKubernetesApiServer server;
    private KubernetesClient client;
    private TestKubelet kubelet;

    @BeforeEach
    void start() {
        server = apiServer.server();
        client = apiServer.client();
        kubelet = TestKubelet.builder(server).workDir(workDir)
                .taskpodCommand(List.of("sh", "-c", "echo taskpod-args: \"$@\"", "taskpod"))
                .start();
    }

    @AfterEach
    void stop() {
        kubelet.close();
    }

    static Pod shellPod(String name, String script) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", "task")
                .addToAnnotations("taskpod.io/task", name).endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("base").withImage("taskpod:1")
                .withCommand("sh", "-c").withArgs(script).endContainer().endSpec().build();
    }

    private ContainerStateTerminated terminated(Pod pod) {
        return pod.getStatus().getContainerStatuses().getFirst().getState().getTerminated();
    }

    private Pod awaitPhase(String name, String phase) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Pod pod = client.pods().withName(name).get();
            return pod != null && phase.equals(pod.getStatus().getPhase());
        });
        return client.pods().withName(name).get();
    }

    @Test
    void runsThePodsCommandAndReportsItsLifeLikeANode() {
        try (PodHistory history = new PodHistory(client, "default", "ok", server.latestResourceVersion())) {
            client.pods().resource(shellPod("ok", "echo hello from $HOSTNAME")).create();

            Pod done = awaitPhase("ok", "Succeeded");

            await().untilAsserted(() -> assertThat(history.states()).containsExactly("Pending",
                    "Pending ContainerCreating", "Running running", "Succeeded Completed 0"));
            assertThat(done.getSpec().getNodeName()).isEqualTo("node-1");
            assertThat(done.getStatus().getPodIP()).startsWith("127.");
            assertThat(done.getStatus().getStartTime()).isNotBlank();
            assertThat(terminated(done).getFinishedAt()).isNotBlank();
            assertThat(terminated(done).getStartedAt()).isNotBlank();
            assertThat(done.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("PodScheduled");
                assertThat(c.getStatus()).isEqualTo("True");
            });
            assertThat(kubelet.logsOf("default", "ok")).isEqualTo("hello from ok\n");
            assertThat(client.pods().withName("ok").getLog()).isEqualTo("hello from ok\n");
        }
    }

    @Test
    void hostnameOfALongPodNameIsCutToADnsLabelAsKubernetesDoes() {
        String name = "task-" + "x".repeat(57) + "-abcdef";
        client.pods().resource(shellPod(name, "echo $HOSTNAME")).create();

        awaitPhase(name, "Succeeded");

        assertThat(kubelet.logsOf("default", name)).isEqualTo(name.substring(0, 63).replaceAll("-+$", "") + "\n")
                .hasSizeLessThanOrEqualTo(64);
    }

    @Test
    void aFailingCommandEndsThePodFailedWithItsExitCode() {
        client.pods().resource(shellPod("bad", "exit 3")).create();

        Pod failed = awaitPhase("bad", "Failed");

        assertThat(terminated(failed).getExitCode()).isEqualTo(3);
        assertThat(terminated(failed).getReason()).isEqualTo("Error");
        assertThat(kubelet.pods()).singleElement().satisfies(record -> {
            assertThat(record.exitCode()).hasValue(3);
            assertThat(record.phase()).isEqualTo("Failed");
        });
    }

    @Test
    void resolvesTheContainerEnvironmentFromValuesSecretsConfigMapsAndFields() {
        client.secrets().resource(new SecretBuilder().withNewMetadata().withName("db").endMetadata()
                .addToStringData("password", "s3cret").addToStringData("user", "taskpod").build()).create();
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .addToData("level", "debug").build()).create();
        Pod pod = new PodBuilder(shellPod("env",
                "echo $GREETING/$PASSWORD/$LEVEL/$POD/$NS/$NODE/$IP/$DB_user/$HOSTNAME/$ANNOTATION"))
                .editSpec().editFirstContainer()
                .withEnvFrom(new EnvFromSourceBuilder().withPrefix("DB_").withNewSecretRef("db", false).build())
                .withEnv(new EnvVarBuilder().withName("NAME").withValue("world").build(),
                        new EnvVarBuilder().withName("GREETING").withValue("hello-$(NAME)").build(),
                        new EnvVarBuilder().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("password",
                                "db", false).endValueFrom().build(),
                        new EnvVarBuilder().withName("LEVEL").withNewValueFrom().withNewConfigMapKeyRef("level",
                                "settings", false).endValueFrom().build(),
                        field("POD", "metadata.name"), field("NS", "metadata.namespace"),
                        field("NODE", "spec.nodeName"), field("IP", "status.podIP"),
                        field("ANNOTATION", "metadata.annotations['taskpod.io/task']"))
                .endContainer().endSpec().build();

        client.pods().resource(pod).create();
        Pod done = awaitPhase("env", "Succeeded");

        assertThat(kubelet.logsOf("default", "env")).isEqualTo("hello-world/s3cret/debug/env/default/node-1/"
                + done.getStatus().getPodIP() + "/taskpod/env/env\n");
    }

    private static io.fabric8.kubernetes.api.model.EnvVar field(String name, String path) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path)
                .endFieldRef().endValueFrom().build();
    }

    @Test
    void aMissingSecretIsACreateContainerConfigErrorUntilItExists() {
        Pod pod = new PodBuilder(shellPod("waits", "echo $PASSWORD")).editSpec().editFirstContainer()
                .withEnv(new EnvVarBuilder().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("password",
                        "late", false).endValueFrom().build()).endContainer().endSpec().build();
        client.pods().resource(pod).create();

        await().untilAsserted(() -> {
            Pod waiting = client.pods().withName("waits").get();
            assertThat(PodHistory.describe(waiting)).isEqualTo("Pending CreateContainerConfigError");
            assertThat(waiting.getStatus().getContainerStatuses().getFirst().getState().getWaiting().getMessage())
                    .isEqualTo("secret \"late\" not found");
        });
        client.secrets().resource(new SecretBuilder().withNewMetadata().withName("late").endMetadata()
                .addToStringData("password", "finally").build()).create();

        awaitPhase("waits", "Succeeded");
        assertThat(kubelet.logsOf("default", "waits")).isEqualTo("finally\n");
    }

    @Test
    void taskpodAsProgramIsReplacedByTheConfiguredCommand() {
        client.pods().resource(new PodBuilder(shellPod("tp", "")).editSpec().editFirstContainer()
                .withCommand("taskpod").withArgs("tasks", "run", "dag-1", "task-1").endContainer()
                .endSpec().build()).create();

        awaitPhase("tp", "Succeeded");

        assertThat(kubelet.logsOf("default", "tp")).isEqualTo("taskpod-args: tasks run dag-1 task-1\n");
    }

    @Test
    void withoutACommandTheImageEntrypointTaskpodRunsTheArgs() {
        client.pods().resource(new PodBuilder(shellPod("entry", "")).editSpec().editFirstContainer()
                .withCommand(List.of()).withArgs("tasks", "run", "dag-1", "task-2").endContainer()
                .endSpec().build()).create();

        awaitPhase("entry", "Succeeded");

        assertThat(kubelet.logsOf("default", "entry")).isEqualTo("taskpod-args: tasks run dag-1 task-2\n");
    }

    @Test
    void anUnknownProgramIsAStartError() {
        client.pods().resource(new PodBuilder(shellPod("nope", "")).editSpec().editFirstContainer()
                .withCommand("/no/such/program").withArgs(List.of()).endContainer().endSpec().build()).create();

        Pod failed = awaitPhase("nope", "Failed");

        assertThat(terminated(failed).getReason()).isEqualTo("StartError");
        assertThat(terminated(failed).getExitCode()).isEqualTo(128);
        assertThat(kubelet.processesLaunched()).isZero();
    }

    @Test
    void deletionSendsSigtermAndTheKubeletRemovesThePodWhenTheProcessExits() {
        client.pods().resource(shellPod("long", "trap 'echo got TERM; exit 0' TERM; echo started; "
                + "while true; do sleep 0.1; done")).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> kubelet.logsOf("default", "long").contains("started"));

        client.pods().withName("long").withGracePeriod(30).delete();

        await().atMost(Duration.ofSeconds(20)).until(() -> client.pods().withName("long").get() == null);
        assertThat(kubelet.logsOf("default", "long")).isEqualTo("started\ngot TERM\n");
        assertThat(kubelet.pods()).singleElement().satisfies(record -> {
            assertThat(record.deleted()).isTrue();
            assertThat(record.exitCode()).hasValue(0);
        });
    }

    @Test
    void aProcessIgnoringSigtermIsKilledAfterTheGracePeriod() {
        client.pods().resource(shellPod("stubborn", "trap '' TERM; echo started; while true; do sleep 0.1; done"))
                .create();
        await().atMost(Duration.ofSeconds(20)).until(() -> kubelet.logsOf("default", "stubborn").contains("started"));

        long started = System.nanoTime();
        client.pods().withName("stubborn").withGracePeriod(1).delete();

        await().atMost(Duration.ofSeconds(20)).until(() -> client.pods().withName("stubborn").get() == null);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(kubelet.pods().getFirst().exitCode()).hasValue(137);
    }

    @Test
    void aPodCreatedBoundToThisNodeRunsWithoutBindingAndOneBoundElsewhereIsLeftAlone() {
        client.pods().resource(new PodBuilder(shellPod("mine", "echo mine")).editSpec().withNodeName("node-1")
                .endSpec().build()).create();
        client.pods().resource(new PodBuilder(shellPod("theirs", "echo theirs")).editSpec().withNodeName("node-9")
                .endSpec().build()).create();

        awaitPhase("mine", "Succeeded");

        assertThat(kubelet.pods()).extracting(PodRecord::name).containsExactly("mine");
        assertThat(server.requestCounts().count(Verb.CREATE, "bindings")).isZero();
        assertThat(client.pods().withName("theirs").get().getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void countsStartedPodsByIdentityAnnotations() {
        for (String name : List.of("a", "b")) {
            client.pods().resource(new PodBuilder(shellPod(name + "-1", "true")).editMetadata()
                    .addToAnnotations(Map.of("taskpod.io/task", name, "taskpod.io/try", "1")).endMetadata().build())
                    .create();
        }
        client.pods().resource(new PodBuilder(shellPod("a-2", "true")).editMetadata()
                .addToAnnotations(Map.of("taskpod.io/task", "a", "taskpod.io/try", "2")).endMetadata().build()).create();

        await().until(() -> kubelet.pods().stream().filter(PodRecord::isFinished).count() == 3);

        assertThat(kubelet.startedPodsBy("taskpod.io/task", "taskpod.io/try")).containsOnly(
                Map.entry(List.of("a", "1"), 1L), Map.entry(List.of("b", "1"), 1L), Map.entry(List.of("a", "2"), 1L));
        assertThat(kubelet.processesLaunched()).isEqualTo(3);
        assertThat(kubelet.phaseOf("default", "a-2")).hasValue("Succeeded");
    }
}
