package io.taskpod.app.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.config.ConfigLoader;
import io.taskpod.core.config.Config;
import io.taskpod.store.DatabaseSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalExecutorsTest {

    @TempDir
    Path home;

    @Test
    void workersAreToldTheHomeTheConfigFileAndTheDatabaseInUse() {
        Config config = ConfigLoader.load(Optional.empty(), Map.of("TASKPOD_HOME", home.toString()));

        Map<String, String> embedded = LocalExecutors.workerEnvironment(config, Optional.of(Path.of("conf/taskpod.cfg")),
                new DatabaseSettings("jdbc:postgresql://localhost:5999/taskpod", "postgres", "", 5));
        Map<String, String> configured = LocalExecutors.workerEnvironment(config, Optional.empty(),
                new DatabaseSettings("jdbc:postgresql://db/taskpod", "taskpod", "pw", 5));

        assertThat(embedded).containsExactlyInAnyOrderEntriesOf(Map.of(
                "TASKPOD_HOME", home.toString(),
                "TASKPOD_CONFIG", Path.of("conf/taskpod.cfg").toAbsolutePath().toString(),
                "TASKPOD__DATABASE__URL", "jdbc:postgresql://localhost:5999/taskpod",
                "TASKPOD__DATABASE__USER", "postgres"));
        assertThat(configured).containsEntry("TASKPOD__DATABASE__PASSWORD", "pw").doesNotContainKey("TASKPOD_CONFIG");
    }
}
