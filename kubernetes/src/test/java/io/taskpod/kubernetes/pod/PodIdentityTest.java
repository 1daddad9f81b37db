package io.taskpod.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.KubernetesSyntax;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodIdentityTest {

    private static Pod podWith(PodIdentity identity) {
        return new PodBuilder().withNewMetadata().withName(identity.podName()).withNamespace("ns")
                .withLabels(identity.labels()).withAnnotations(identity.annotations()).endMetadata().build();
    }

    @Test
    void annotationsRoundTripExactUnicodeIds() {
        PodIdentity identity = new PodIdentity(new TaskInstanceKey("影師嗎", "Компьютер.tâche", "manual__2026-01-01T00:00:00+00:00", 3, 12),
                2, "scheduler@host:1");
        assertThat(PodIdentity.of(podWith(identity))).isEqualTo(identity);
        assertThat(identity.labels().values()).allMatch(KubernetesSyntax::isLabelValue);
        assertThat(identity.labels().keySet()).allMatch(KubernetesSyntax::isQualifiedName);
    }

    @Test
    void unmappedTryHasNoMapIndexAndReadsBackAsMinusOne() {
        PodIdentity identity = new PodIdentity(new TaskInstanceKey("dag", "task", "run", 1, -1), 1, "s1");
        assertThat(identity.labels()).doesNotContainKey(PodLabels.MAP_INDEX).containsEntry(PodLabels.WORKER, "s1")
                .containsEntry(PodLabels.KUBERNETES_EXECUTOR, "True").containsEntry(PodLabels.TRY_NUMBER, "1");
        assertThat(PodIdentity.of(podWith(identity)).key().mapIndex()).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no annotations      |                   |                      | annotation dag_id is missing; annotation task_id is missing; annotation run_id is missing; annotation taskpod-worker is missing; annotation try_number is missing; annotation launch_attempt is missing
            bad try number      | try_number        | two                  | annotation try_number = 'two' is not a whole number >= 0
            bad map index       | map_index         | -5                   | annotation map_index = '-5' is not a whole number >= -1
            empty run id        | run_id            | ''                   | annotation run_id is missing
            """)
    void podsWithoutAValidIdentityGetAClearError(String name, String annotation, String value, String expected) {
        PodIdentity identity = new PodIdentity(new TaskInstanceKey("dag", "task", "run", 1, -1), 1, "s1");
        Pod pod = podWith(identity);
        if (annotation == null) {
            pod.getMetadata().setAnnotations(Map.of());
        } else {
            pod.getMetadata().getAnnotations().put(annotation, value == null ? "" : value);
        }
        assertThatThrownBy(() -> PodIdentity.of(pod))
                .isInstanceOf(InvalidPodIdentityException.class)
                .hasMessageStartingWith("pod ns/" + identity.podName() + " is not a taskpod worker pod or was changed: ")
                .hasMessageEndingWith(expected);
    }

    @Test
    void selectorsPickThisSchedulersPodsThatAreNotDone() {
        PodSelector active = PodSelectors.activePodsOf("sched 1");
        assertThat(active.toString()).isEqualTo("taskpod-worker=" + LabelValues.safe("sched 1") + ",taskpod_executor_done!=True");
        assertThat(LabelValues.safe("sched 1")).matches("sched1-[0-9a-f]{9}");
        Map<String, String> labels = new PodIdentity(new TaskInstanceKey("d", "t", "r", 1, -1), 1, "sched 1").labels();
        assertThat(active.matches(labels)).isTrue();
        Map<String, String> done = new HashMap<>(labels);
        done.put(PodLabels.EXECUTOR_DONE, PodLabels.TRUE);
        assertThat(active.matches(done)).isFalse();
        assertThat(PodSelectors.allPodsOf("sched 1").matches(done)).isTrue();
        assertThat(PodSelectors.activePodsOf("other").matches(labels)).isFalse();
        assertThat(PodSelectors.activeWorkerPods().matches(labels)).isTrue();
    }
}
