package io.taskpod.kubernetes.adoption;

import static io.taskpod.kubernetes.testing.WorkerPods.key;
import static io.taskpod.kubernetes.testing.WorkerPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which listed pod is the one of a task instance offered for adoption: one row per rule. */
class AdoptionMatcherTest {

    private static final TaskInstanceKey KEY = key("load");
    private static final String OWNER = "sched-dead";

    /** Try 1, launch attempt 2 of {@link #KEY}, queued by {@link #OWNER}. */
    private static TaskInstance offered() {
        return new TaskInstance(KEY, TaskState.QUEUED, "kubernetes", Optional.empty(), 1, 1, Optional.of(OWNER),
                Optional.empty(), Optional.empty(), 2, Optional.of(Instant.EPOCH), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    private static Pod launch(TaskInstanceKey key, int launchAttempt, String scheduler) {
        return pod(key, launchAttempt, scheduler, "Running", "1");
    }

    static Stream<Arguments> table() {
        TaskInstanceKey nextTry = new TaskInstanceKey(KEY.dagId(), KEY.taskId(), KEY.runId(), KEY.tryNumber() + 1,
                KEY.mapIndex());
        Pod match = launch(KEY, 2, OWNER);
        Pod noIdentity = new PodBuilder().withNewMetadata().withName("stranger").withNamespace("default").endMetadata()
                .build();
        return Stream.of(
                Arguments.of("this try, launch and owner", List.of(match), Optional.of(match)),
                Arguments.of("an older launch of the try", List.of(launch(KEY, 1, OWNER)), Optional.empty()),
                Arguments.of("a newer launch of the try", List.of(launch(KEY, 3, OWNER)), Optional.empty()),
                Arguments.of("another try of the task instance", List.of(launch(nextTry, 2, OWNER)), Optional.empty()),
                Arguments.of("another task", List.of(launch(key("extract"), 2, OWNER)), Optional.empty()),
                Arguments.of("another scheduler's pod", List.of(launch(KEY, 2, "sched-other")), Optional.empty()),
                Arguments.of("a pod without identity annotations", List.of(noIdentity), Optional.empty()),
                Arguments.of("the match among others", List.of(noIdentity, launch(KEY, 1, OWNER), match), Optional.of(match)),
                Arguments.of("no pods", List.of(), Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void podOf(String rule, List<Pod> listed, Optional<Pod> expected) {
        assertThat(AdoptionMatcher.podOf(offered(), OWNER, listed)).isEqualTo(expected);
    }
}
