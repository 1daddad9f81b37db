package io.taskpod.app.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import io.taskpod.core.dag.Schedule;
import io.taskpod.store.run.RunKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StandaloneTest {

    private static Dag dag(String dagId, String fileloc, Schedule schedule) {
        return new Dag(dagId, "", schedule, Optional.of(Instant.EPOCH), true, 16, 16, List.of(), Map.of(), fileloc,
                Path.of(fileloc));
    }

    @Test
    void triggersOnlyUnscheduledBundledExamplesThatNeverRan() {
        Map<String, Dag> dags = new LinkedHashMap<>();
        dags.put("example_hello", dag("example_hello", "classpath:examples/dags/example_hello.yaml", new Schedule.None()));
        dags.put("example_ran", dag("example_ran", "classpath:examples/dags/example_ran.yaml", new Schedule.None()));
        dags.put("example_scheduled", dag("example_scheduled", "classpath:examples/dags/example_scheduled.yaml",
                new Schedule.Cron("@daily", "0 0 * * *")));
        dags.put("mine", dag("mine", "mine.yaml", new Schedule.None()));

        List<Dag> chosen = ExampleRuns.toTrigger(new DagBag(dags, List.of()), Map.of("example_ran", true));

        assertThat(chosen).extracting(Dag::dagId).containsExactly("example_hello");
    }

    @Test
    void theBannerSaysWhereToLookAndHowToTrigger() {
        String text = StandaloneBanner.text(new StandaloneBanner.Facts("host-a", List.of("LocalExecutor"),
                Path.of("/home/u/.taskpod/dags"), 8, 1, Path.of("/home/u/.taskpod/logs"),
                "embedded PostgreSQL jdbc:postgresql://localhost:5433/taskpod (data in /home/u/.taskpod/db)",
                Optional.of("http://127.0.0.1:8080"), false, new StandaloneAdmin.Login("admin",
                        Path.of("/home/u/.taskpod/standalone_admin_password.txt"), Optional.of("s3cret-generated")),
                List.of(new RunKey("example_hello", "manual__2025-01-01T00:00:00+00:00"))));

        assertThat(text).contains("scheduler host-a, executors LocalExecutor")
                .contains("DAGs folder:  /home/u/.taskpod/dags (8 DAGs loaded, bundled examples included; 1 load error(s)")
                .contains("Task logs:    /home/u/.taskpod/logs")
                .contains("Database:     embedded PostgreSQL jdbc:postgresql://localhost:5433/taskpod")
                .contains("Web and API:  http://127.0.0.1:8080 (web page /, health /health, metrics /metrics)")
                .contains("Triggered:    example_hello (run manual__2025-01-01T00:00:00+00:00)")
                .contains("taskpod dags trigger DAG_ID [--wait]")
                .contains("taskpod tasks states DAG_ID RUN_ID")
                .contains("Admin login:  admin / s3cret-generated (printed this once; also in "
                        + "/home/u/.taskpod/standalone_admin_password.txt)");
    }

    @Test
    void theBannerSaysWhenTheHttpServerIsOff() {
        String text = StandaloneBanner.text(new StandaloneBanner.Facts("host-a", List.of("LocalExecutor"),
                Path.of("dags"), 0, 0, Path.of("logs"), "db", Optional.empty(), true,
                new StandaloneAdmin.Login("admin", Path.of("pw.txt"), Optional.empty()), List.of()));

        assertThat(text).contains("Web and API:  off ([api] enabled = False)")
                .contains("Admin login:  admin / password in pw.txt\n");
    }
}
