package io.taskpod.app.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.dag.TaskAction;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.model.TaskInstanceKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskLaunchTest {

    static Stream<Arguments> items() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("batch", 1);
        map.put("tags", List.of("x", "y"));
        return Stream.of(
                Arguments.of("eu-west", "eu-west"),
                Arguments.of("", ""),
                Arguments.of("with \"quotes\"", "with \"quotes\""),
                Arguments.of(42, "42"),
                Arguments.of(1.5, "1.5"),
                Arguments.of(true, "true"),
                Arguments.of(null, "null"),
                Arguments.of(List.of(1, "two"), "[1,\"two\"]"),
                Arguments.of(map, "{\"batch\":1,\"tags\":[\"x\",\"y\"]}"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("items")
    void mapItemsAreStringsAsTheyAreAndJsonOtherwise(Object item, String expected) {
        assertThat(TaskLaunch.itemText(item)).isEqualTo(expected);
    }

    static Stream<Arguments> actions() {
        return Stream.of(
                Arguments.of(new TaskAction.Bash("echo hi"), List.of("bash", "-c", "echo hi"), "bash -c 'echo hi'"),
                Arguments.of(new TaskAction.Command(List.of("printf", "%s|", "a b", "it's")),
                        List.of("printf", "%s|", "a b", "it's"), "printf '%s|' 'a b' 'it'\\''s'"),
                Arguments.of(new TaskAction.Command(List.of("/bin/true")), List.of("/bin/true"), "/bin/true"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("actions")
    void bashRunsWithBashAndCommandsAsTheirArgv(TaskAction action, List<String> argv, String display) {
        TaskLaunch launch = TaskLaunch.of(task(action, Map.of()), new TaskInstanceKey("d", "t", "r", 1, -1),
                Optional.empty(), Map.of());

        assertThat(launch.argv()).isEqualTo(argv);
        assertThat(launch.display()).isEqualTo(display);
    }

    @Test
    void environmentIsTheWorkersWithoutDatabaseSecretsOrItsTokenPlusTaskEnvPlusTheTaskpodIds() {
        Map<String, String> worker = Map.of("PATH", "/bin", "TASKPOD__DATABASE__PASSWORD", "secret",
                "TASKPOD_EXECUTION_API_TOKEN", "the try's token",
                "TASKPOD__DATABASE__URL", "jdbc:postgresql://u:p@db/x", "TASKPOD_HOME", "/home/t", "GREETING", "from worker",
                "TASKPOD_MAP_ITEM", "stale item of the worker's own");

        Map<String, String> unmapped = TaskLaunch.of(task(new TaskAction.Bash("true"), Map.of("GREETING", "from task")),
                new TaskInstanceKey("etl", "load", "manual__2024", 3, -1), Optional.empty(), worker).environment();
        Map<String, String> mapped = TaskLaunch.of(task(new TaskAction.Bash("true"), Map.of()),
                new TaskInstanceKey("etl", "load", "manual__2024", 1, 4), Optional.of("{\"a\":1}"), worker).environment();

        assertThat(unmapped).containsExactlyInAnyOrderEntriesOf(Map.of(
                "PATH", "/bin",
                "TASKPOD_HOME", "/home/t",
                "GREETING", "from task",
                "TASKPOD_DAG_ID", "etl",
                "TASKPOD_TASK_ID", "load",
                "TASKPOD_RUN_ID", "manual__2024",
                "TASKPOD_TRY_NUMBER", "3",
                "TASKPOD_MAP_INDEX", "-1"));
        assertThat(mapped).containsEntry("TASKPOD_MAP_INDEX", "4").containsEntry("TASKPOD_MAP_ITEM", "{\"a\":1}")
                .containsEntry("GREETING", "from worker");
    }

    private static TaskDefinition task(TaskAction action, Map<String, String> env) {
        return new TaskDefinition("t", action, List.of(), 0, Duration.ZERO, false, Optional.empty(), Optional.empty(),
                "default", Optional.empty(), 1, env, Map.of(), Optional.empty(), 0);
    }
}
