package io.taskpod.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.KubernetesSyntax;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodNamesTest {

    private static TaskInstanceKey key(String dag, String task) {
        return new TaskInstanceKey(dag, task, "manual__2026-01-01T00:00:00+00:00", 1, -1);
    }

    @ParameterizedTest(name = "{0}.{1} -> {2}-…")
    @CsvSource(delimiter = '|', textBlock = """
            etl          | load_orders          | etl-load-orders
            ---Dag.ID--- | task.id              | dag-id-task-id
            90AçLbˆˆç˙ßß˜˜˙c*a | t           | 90aclb-c-ssss-c-a-t
            影師嗎        | Компьютер            | task
            café         | crème brûlée         | cafe-creme-brulee
            """)
    void readablePrefixIsASlugOfDagAndTask(String dag, String task, String slug) {
        String name = PodNames.podName(key(dag, task), 1);
        assertThat(name).startsWith(slug + "-");
        assertThat(name.substring(slug.length() + 1)).matches("[0-9a-z]{13}");
        assertThat(KubernetesSyntax.isDnsLabel(name)).as(name).isTrue();
    }

    @Test
    void longIdsStayWithin63Characters() {
        String name = PodNames.podName(key("d".repeat(300), "t".repeat(300)), 7);
        assertThat(name).hasSizeLessThanOrEqualTo(63);
        assertThat(KubernetesSyntax.isDnsLabel(name)).isTrue();
        String cutAtDash = PodNames.podName(key("a".repeat(48), "b"), 1);
        assertThat(KubernetesSyntax.isDnsLabel(cutAtDash)).as(cutAtDash).isTrue();
    }

    @Test
    void sameLaunchSameNameAndEveryPartOfTheKeyMatters() {
        TaskInstanceKey base = new TaskInstanceKey("dag", "task", "run", 1, -1);
        assertThat(PodNames.podName(base, 1)).isEqualTo(PodNames.podName(new TaskInstanceKey("dag", "task", "run", 1, -1), 1));
        Set<String> names = new HashSet<>();
        names.add(PodNames.podName(base, 1));
        names.add(PodNames.podName(base, 2));
        names.add(PodNames.podName(base.withTryNumber(2), 1));
        names.add(PodNames.podName(new TaskInstanceKey("dag", "task", "run", 1, 0), 1));
        names.add(PodNames.podName(new TaskInstanceKey("dag", "task", "run2", 1, -1), 1));
        names.add(PodNames.podName(new TaskInstanceKey("dag-task", "", "run", 1, -1), 1));
        names.add(PodNames.podName(new TaskInstanceKey("dag", "task", "Run", 1, -1), 1));
        names.add(PodNames.podName(new TaskInstanceKey("Dag", "task", "run", 1, -1), 1));
        assertThat(names).hasSize(8);
    }

    @Test
    void noCollisionsAcrossManyKeysWithTheSameSlug() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            names.add(PodNames.podName(new TaskInstanceKey("dag", "task", "run_" + i, 1 + i % 3, i % 5 - 1), 1));
        }
        assertThat(names).hasSize(20_000);
    }
}
