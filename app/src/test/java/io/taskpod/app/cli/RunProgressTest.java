package io.taskpod.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunProgressTest {

    private static TaskInstance ti(int index, String state) {
        return new TaskInstance(new TaskInstanceKey("d", "t" + index, "r", 1, -1), TaskState.fromDb(state), "default",
                Optional.empty(), 1, 0, Optional.empty(), Optional.empty(), Optional.empty(), 1, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "none none                        | 0/2 finished; none 2",
        "success running queued success   | 2/4 finished (success 2); queued 1, running 1",
        "success failed upstream_failed   | 3/3 finished (success 1, failed 1, upstream_failed 1)",
    })
    void summarisesARunInOneLine(String states, String expected) {
        String[] names = states.trim().split("\\s+");
        List<TaskInstance> tis = Arrays.stream(names).map(s -> ti(Arrays.asList(names).indexOf(s), s)).toList();

        assertThat(RunProgress.describe(tis)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[1, 2]        | --conf must be a JSON object",
        "{\"a\": 1     | --conf is not valid JSON",
        "42            | --conf must be a JSON object",
    })
    void confMustBeAJsonObject(String conf, String message) {
        assertThatThrownBy(() -> DagsTriggerCommand.checkedConf(conf)).isInstanceOf(UserError.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"day\": \"2025-01-01\"} | {\"day\":\"2025-01-01\"}", "{} | {}"})
    void aConfObjectIsKeptAsJson(String conf, String stored) {
        assertThat(DagsTriggerCommand.checkedConf(conf)).isEqualTo(stored);
    }
}
