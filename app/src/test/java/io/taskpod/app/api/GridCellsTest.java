package io.taskpod.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GridCellsTest {

    /** "task/mapIndex/try/state". */
    private static TaskInstance ti(String spec) {
        String[] parts = spec.split("/");
        return new TaskInstance(new TaskInstanceKey("d", parts[0], "r", Integer.parseInt(parts[2]),
                Integer.parseInt(parts[1])), TaskState.fromDb(parts[3]), "default", Optional.empty(), 1, 1,
                Optional.empty(), Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "t/-1/1/success;                                   success; 1; ; ",
        "t/-1/3/up_for_retry;                              up_for_retry; 3; ; ",
        "t/0/1/success, t/1/1/failed, t/2/1/success;       failed; 1; 3; failed=1 success=2",
        "t/0/1/success, t/1/2/running;                     running; 2; 2; running=1 success=1",
        "t/0/1/upstream_failed, t/1/1/up_for_retry;        upstream_failed; 1; 2; upstream_failed=1 up_for_retry=1",
        "t/0/0/none, t/1/1/success;                        none; 1; 2; none=1 success=1",
        "t/0/1/skipped, t/1/1/success;                     skipped; 1; 2; skipped=1 success=1",
    })
    void aCellShowsItsTaskInstanceOrTheMostUrgentStateOfItsMapIndices(String instances, String state, int tryNumber,
            Integer mapCount, String counts) {
        List<TaskInstance> rows = Arrays.stream(instances.split(",")).map(String::strip).map(GridCellsTest::ti).toList();

        GridCells.Cell cell = GridCells.of(rows).get("t");

        assertThat(cell.state()).isEqualTo(state);
        assertThat(cell.tryNumber()).isEqualTo(tryNumber);
        assertThat(cell.mapCount()).isEqualTo(mapCount);
        if (counts == null) {
            assertThat(cell.states()).isNull();
        } else {
            Map<String, Integer> expected = new LinkedHashMap<>();
            for (String pair : counts.split(" ")) {
                expected.put(pair.split("=")[0], Integer.valueOf(pair.split("=")[1]));
            }
            assertThat(cell.states()).containsExactlyEntriesOf(expected);
        }
    }

    @ParameterizedTest
    @CsvSource({"a/-1/1/success, b/-1/0/none"})
    void eachTaskGetsItsOwnCellInTheOrderTheTaskInstancesCome(String first, String second) {
        assertThat(GridCells.of(List.of(ti(first), ti(second)))).containsOnlyKeys("a", "b")
                .extractingByKey("b").extracting(GridCells.Cell::state).isEqualTo("none");
        assertThat(GridCells.of(List.of(ti(second), ti(first))).keySet()).containsExactly("b", "a");
        assertThat(GridCells.of(List.of())).isEqualTo(Map.of());
    }
}
