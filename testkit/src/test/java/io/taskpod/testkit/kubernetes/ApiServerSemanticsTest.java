package io.taskpod.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiServerSemanticsTest {

    @RegisterExtension
    final TestApiServerExtension apiServer = TestApiServerExtension.create();
    private TestKubernetesApiServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = apiServer.server();
        client = apiServer.client();
    }

    private Pod create(String name, String... labels) {
        PodBuilder pod = new PodBuilder(ApiServerCrudTest.pod(name));
        for (int i = 0; i < labels.length; i += 2) {
            pod.editMetadata().addToLabels(labels[i], labels[i + 1]).endMetadata();
        }
        return client.pods().resource(pod.build()).create();
    }

    private static List<String> names(PodList list) {
        return list.getItems().stream().map(p -> p.getMetadata().getName()).toList();
    }

    private static void assertApiError(ThrowingCallable call, int code, Consumer<KubernetesClientException> more) {
        assertThatThrownBy(call).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(code);
            more.accept(e);
        });
    }

    @Test
    void setBasedLabelSelectorsSelectExactly() {
        create("a", "tier", "web");
        create("b", "tier", "db");
        create("c");

        assertThat(names(client.pods().withLabelIn("tier", "web", "cache").list())).containsExactly("a");
        assertThat(names(client.pods().withLabelNotIn("tier", "web").list())).containsExactly("b", "c");
        assertThat(names(client.pods().withLabel("tier").list())).containsExactly("a", "b");
        assertThat(names(client.pods().withoutLabel("tier").list())).containsExactly("c");
        assertThat(names(client.pods().withLabelSelector("tier in (web,db),tier!=db").list())).containsExactly("a");
    }

    @Test
    void deleteBySetBasedSelectorDeletesOnlyTheSelectedPods() {
        create("a", "tier", "web");
        create("b", "tier", "db");

        client.pods().withLabelIn("tier", "db").delete();

        assertThat(names(client.pods().list())).containsExactly("a");
    }

    @Test
    void malformedSelectorsAndUnsupportedFieldLabelsAreBadRequests() {
        assertApiError(() -> client.pods().withLabelSelector("a in (b").list(), 400, e -> {});
        assertApiError(() -> client.pods().withField("spec.containers", "x").list(), 400,
                e -> assertThat(e.getStatus().getMessage()).contains("field label not supported"));
    }

    @Test
    void listsPageWithLimitAndContinueOverAConsistentSnapshot() {
        for (String name : List.of("p1", "p2", "p3", "p4", "p5")) {
            create(name);
        }
        PodList first = client.pods().list(new ListOptionsBuilder().withLimit(2L).build());
        create("p0");
        client.pods().withName("p5").delete();

        List<String> all = new ArrayList<>(names(first));
        String token = first.getMetadata().getContinue();
        while (token != null) {
            PodList page = client.pods().list(new ListOptionsBuilder().withLimit(2L).withContinue(token).build());
            assertThat(page.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
            all.addAll(names(page));
            token = page.getMetadata().getContinue();
        }

        assertThat(all).containsExactly("p1", "p2", "p3", "p4", "p5");
        assertThat(names(client.pods().list())).containsExactly("p0", "p1", "p2", "p3", "p4");
    }

    @Test
    void continueTokenOlderThanTheEventLogIsExpired() {
        create("p1");
        create("p2");
        PodList first = client.pods().list(new ListOptionsBuilder().withLimit(1L).build());
        create("p3");
        server.compact();

        assertApiError(() -> client.pods().list(new ListOptionsBuilder().withLimit(1L)
                .withContinue(first.getMetadata().getContinue()).build()), 410, e -> {});
    }

    @Test
    void staleResourceVersionIsAConflictForEditPatchAndUpdate() {
        Pod stale = create("p");
        client.pods().withName("p").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"owner\":\"scheduler-b\"}}}");

        assertApiError(() -> client.pods().resource(new PodBuilder(stale).editMetadata()
                .addToLabels("owner", "scheduler-a").endMetadata().build()).update(), 409,
                e -> assertThat(e.getStatus().getReason()).isEqualTo("Conflict"));
        assertApiError(() -> client.pods().withName("p").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"resourceVersion\":\"" + stale.getMetadata().getResourceVersion()
                        + "\",\"labels\":{\"owner\":\"scheduler-a\"}}}"), 409, e -> {});
        assertApiError(() -> client.pods().withName("p").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\""
                        + stale.getMetadata().getResourceVersion() + "\"},"
                        + "{\"op\":\"add\",\"path\":\"/metadata/labels/owner\",\"value\":\"scheduler-a\"}]"), 409,
                e -> {});
        assertThat(client.pods().withName("p").get().getMetadata().getLabels()).containsEntry("owner", "scheduler-b");
    }

    @Test
    void editLocksOnTheVersionItReadAndMergePatchRemovesNullKeys() {
        create("p", "done", "false");

        Pod edited = client.pods().withName("p").edit(p -> new PodBuilder(p).editMetadata()
                .addToLabels("owner", "me").endMetadata().build());
        Pod patched = client.pods().withName("p").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"done\":null}}}");

        assertThat(edited.getMetadata().getLabels()).containsEntry("owner", "me");
        assertThat(patched.getMetadata().getLabels()).doesNotContainKey("done").containsEntry("owner", "me");
    }

    @Test
    void strategicMergePatchMergesContainersAndLabels() {
        create("p");

        Pod patched = client.pods().withName("p").patch("{\"metadata\":{\"labels\":{\"x\":\"1\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"base\",\"image\":\"taskpod:2\"}]}}");

        assertThat(patched.getMetadata().getLabels()).containsEntry("app", "t").containsEntry("x", "1");
        assertThat(patched.getSpec().getContainers()).singleElement()
                .satisfies(c -> assertThat(c.getImage()).isEqualTo("taskpod:2"));
    }

    @Test
    void invalidPodsAreRejectedWith422AndFieldCauses() {
        Pod bad = new PodBuilder().withNewMetadata().withName("Task_1").addToLabels("task", "a b")
                .endMetadata().withNewSpec()
                .addNewContainer().withName("base").withImage("x").endContainer()
                .addNewContainer().withName("base").withImage("x").endContainer()
                .addNewContainer().withName("Side_Car").endContainer()
                .endSpec().build();

        assertApiError(() -> client.pods().resource(bad).create(), 422, e -> {
            assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
            assertThat(e.getStatus().getDetails().getCauses()).extracting(StatusCause::getField).containsExactly(
                    "metadata.name", "metadata.labels", "spec.containers[1].name", "spec.containers[2].name",
                    "spec.containers[2].image");
            assertThat(e.getStatus().getDetails().getCauses()).extracting(StatusCause::getReason).containsExactly(
                    "FieldValueInvalid", "FieldValueInvalid", "FieldValueDuplicate", "FieldValueInvalid",
                    "FieldValueRequired");
            assertThat(e.getStatus().getMessage()).startsWith("Pod \"Task_1\" is invalid: [metadata.name: Invalid");
        });
    }

    @Test
    void namesLongerThanASubdomainLabelsLongerThan63AndHugeAnnotationsAreRejected() {
        String longLabel = "x".repeat(64);
        assertApiError(() -> client.pods().resource(ApiServerCrudTest.pod("p".repeat(254))).create(), 422,
                e -> assertThat(e.getStatus().getMessage()).contains("must be no more than 253 characters"));
        assertApiError(() -> client.pods().resource(new PodBuilder(ApiServerCrudTest.pod("p")).editMetadata()
                .addToLabels("task", longLabel).endMetadata().build()).create(), 422,
                e -> assertThat(e.getStatus().getMessage()).contains("must be no more than 63 characters"));
        assertApiError(() -> client.pods().resource(new PodBuilder(ApiServerCrudTest.pod("p")).editMetadata()
                .addToAnnotations("big", "x".repeat(256 * 1024)).endMetadata().build()).create(), 422,
                e -> assertThat(e.getStatus().getDetails().getCauses()).extracting(StatusCause::getReason)
                        .containsExactly("FieldValueTooLong"));
        assertThat(client.pods().resource(ApiServerCrudTest.pod("p".repeat(253))).create()).isNotNull();
    }

    @Test
    void podSpecIsImmutableButImagesMayChange() {
        create("p");

        assertApiError(() -> client.pods().withName("p").edit(p -> new PodBuilder(p).editSpec()
                .withRestartPolicy("Never").endSpec().build()), 422,
                e -> assertThat(e.getStatus().getMessage()).contains("pod updates may not change fields"));
        Pod updated = client.pods().withName("p").edit(p -> new PodBuilder(p).editSpec().editFirstContainer()
                .withImage("taskpod:2").endContainer().endSpec().build());
        assertThat(updated.getSpec().getContainers().getFirst().getImage()).isEqualTo("taskpod:2");
    }

    @Test
    void statusSubresourceChangesOnlyStatusAndMainResourceIgnoresStatus() {
        create("p");

        Pod running = client.pods().withName("p").editStatus(p -> new PodBuilder(p).editMetadata()
                .addToLabels("sneaky", "yes").endMetadata().editStatus().withPhase("Running").endStatus().build());
        Pod relabelled = client.pods().withName("p").edit(p -> new PodBuilder(p).editMetadata()
                .addToLabels("x", "1").endMetadata().editStatus().withPhase("Succeeded").endStatus().build());

        assertThat(running.getStatus().getPhase()).isEqualTo("Running");
        assertThat(running.getMetadata().getLabels()).doesNotContainKey("sneaky");
        assertThat(relabelled.getStatus().getPhase()).isEqualTo("Running");
        assertThat(relabelled.getMetadata().getLabels()).containsEntry("x", "1");
    }

    @Test
    void boundPodsAreDeletedGracefullyAndUnboundPodsAtOnce() {
        create("unbound");
        create("bound");
        client.bindings().resource(new BindingBuilder().withNewMetadata().withName("bound").endMetadata()
                .withNewTarget().withKind("Node").withName("node-1").endTarget().build()).create();

        client.pods().withName("unbound").delete();
        client.pods().withName("bound").withGracePeriod(5).delete();

        assertThat(client.pods().withName("unbound").get()).isNull();
        Pod terminating = client.pods().withName("bound").get();
        assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(5L);
        assertThat(terminating.getSpec().getNodeName()).isEqualTo("node-1");
        assertThat(terminating.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("PodScheduled");
            assertThat(c.getStatus()).isEqualTo("True");
        });

        client.pods().withName("bound").withGracePeriod(0).delete();
        assertThat(client.pods().withName("bound").get()).isNull();
    }

    @Test
    void aPodCanBeBoundOnlyOnce() {
        create("p");
        client.bindings().resource(new BindingBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewTarget().withKind("Node").withName("node-1").endTarget().build()).create();

        assertApiError(() -> client.bindings().resource(new BindingBuilder().withNewMetadata().withName("p")
                .endMetadata().withNewTarget().withKind("Node").withName("node-2").endTarget().build()).create(), 409,
                e -> assertThat(e.getStatus().getMessage()).contains("already assigned to node \"node-1\""));
    }

    @Test
    void finalizersKeepADeletedObjectUntilTheyAreRemoved() {
        client.pods().resource(new PodBuilder(ApiServerCrudTest.pod("p")).editMetadata()
                .addToFinalizers("taskpod.io/keep").endMetadata().build()).create();

        client.pods().withName("p").delete();
        assertThat(client.pods().withName("p").get().getMetadata().getDeletionTimestamp()).isNotNull();

        client.pods().withName("p").edit(p -> new PodBuilder(p).editMetadata().withFinalizers(List.of())
                .endMetadata().build());
        assertThat(client.pods().withName("p").get()).isNull();
    }

    @Test
    void strictNamespacesRefuseObjectsInMissingNamespaces() {
        try (TestKubernetesApiServer strict = TestKubernetesApiServer.builder().strictNamespaces(true).build()
                .start(); KubernetesClient strictClient = strict.newClient()) {
            assertApiError(() -> strictClient.pods().inNamespace("nope").resource(ApiServerCrudTest.pod("p"))
                    .create(), 404, e -> assertThat(e.getStatus().getMessage()).isEqualTo(
                            "namespaces \"nope\" not found"));
            strict.createNamespace("team-a");
            assertThat(strictClient.pods().inNamespace("team-a").resource(ApiServerCrudTest.pod("p")).create())
                    .isNotNull();
        }
    }

    @Test
    void deletingANamespaceRemovesItsObjects() {
        server.createNamespace("team-a");
        client.pods().inNamespace("team-a").resource(ApiServerCrudTest.pod("p")).create();
        create("q");

        client.namespaces().withName("team-a").delete();

        assertThat(names(client.pods().inAnyNamespace().list())).containsExactly("q");
    }
}
