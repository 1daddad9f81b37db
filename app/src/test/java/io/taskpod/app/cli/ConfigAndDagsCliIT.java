package io.taskpod.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.testing.TaskpodProcess;
import io.taskpod.app.testing.TaskpodProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config and dags-list commands as a user runs them: the packaged jar in its own process. */
class ConfigAndDagsCliIT {

    @TempDir
    Path home;

    @Test
    void configListShowsValuesAndOriginsButNeverSecrets() throws Exception {
        Files.writeString(home.resolve("taskpod.cfg"), "[core]\nparallelism = 7\n[database]\npassword = s3cret\n");

        Result result = TaskpodProcess.run(Map.of("TASKPOD_HOME", home.toString(),
                "TASKPOD__DATABASE__URL", "jdbc:postgresql://u:hunter2@db/taskpod"), "config", "list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("[core]").contains("parallelism = 7    # " + home.resolve("taskpod.cfg"))
                .contains("password = ********").contains("url = jdbc:postgresql://********@db/taskpod    # env TASKPOD__DATABASE__URL")
                .doesNotContain("s3cret").doesNotContain("hunter2");
        assertThat(result.stderr()).doesNotContain("s3cret").doesNotContain("hunter2");
    }

    @Test
    void getValuePrintsTheValueInEffect() throws Exception {
        Result result = TaskpodProcess.run(Map.of("TASKPOD_HOME", home.toString(), "TASKPOD__CORE__PARALLELISM", "3"),
                "config", "get-value", "core", "parallelism");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("3");
    }

    @Test
    void aBadValueIsAClearErrorWithTheConfigExitCode() throws Exception {
        Files.writeString(home.resolve("taskpod.cfg"), "[core]\nparallelism = -2\n");

        Result result = TaskpodProcess.run(Map.of("TASKPOD_HOME", home.toString()), "config", "list");

        assertThat(result.exitCode()).isEqualTo(78);
        assertThat(result.stderr().strip()).isEqualTo("taskpod: [core] parallelism = -2 (" + home.resolve("taskpod.cfg")
                + "): expected an integer >= 0");
    }

    @Test
    void dagsListShowsDagsAndLoadErrors() throws Exception {
        Path dags = Files.createDirectories(home.resolve("dags"));
        Files.writeString(dags.resolve("good.yaml"), "dag_id: good\nschedule: '@hourly'\nstart_date: 2024-01-01\n"
                + "tasks:\n  - {task_id: a, bash: 'true'}\n");
        Files.writeString(dags.resolve("bad.yaml"), "dag_id: bad\ntasks:\n  - {task_id: a, bash: 'true', retries: x}\n");

        Result result = TaskpodProcess.run(Map.of("TASKPOD_HOME", home.toString(), "TASKPOD__CORE__LOAD_EXAMPLES", "false"),
                "dags", "list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).containsPattern("good\\s+@hourly\\s+1\\s+good.yaml")
                .contains("Load errors (1):")
                .contains(dags.resolve("bad.yaml") + ":3: tasks[0].retries: expected an integer >= 0, got 'x'");
    }
}
