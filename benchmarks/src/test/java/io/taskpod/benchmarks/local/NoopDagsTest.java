package io.taskpod.benchmarks.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.config.ConfigLoader;
import io.taskpod.app.dag.DagDefaults;
import io.taskpod.app.dag.DagFileLoader;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoopDagsTest {

    @TempDir
    Path home;

    @Test
    void taskpodLoadsTheDagAsIndependentCommandsLimitedOnlyByParallelism() throws Exception {
        Files.writeString(home.resolve("noop.yaml"), NoopDags.yaml("noop", 12));
        DagFileLoader loader = new DagFileLoader(DagDefaults.from(
                ConfigLoader.load(Optional.empty(), Map.of(ConfigLoader.HOME_ENV, home.toString()))));

        DagBag bag = loader.loadFile(home, "noop.yaml");

        assertThat(bag.errors()).isEmpty();
        Dag dag = bag.dag("noop").orElseThrow();
        assertThat(dag.tasks()).hasSize(12).containsKeys("noop_00", "noop_11");
        assertThat(dag.maxActiveTasks()).isEqualTo(12);
        assertThat(dag.tasks().values()).allSatisfy(task -> assertThat(task.dependsOn()).isEmpty());
    }

    @Test
    void taskIdsAreZeroPaddedToTheLargestIndex() {
        assertThat(NoopDags.taskId(7, 1000)).isEqualTo("noop_007");
        assertThat(NoopDags.taskId(0, 1)).isEqualTo("noop_0");
    }
}
