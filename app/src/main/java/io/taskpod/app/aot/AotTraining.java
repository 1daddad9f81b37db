package io.taskpod.app.aot;

import io.taskpod.app.config.ConfigLoader;
import io.taskpod.app.runtime.DagFolderSource;
import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.app.scheduler.DagRunPlanner;
import io.taskpod.core.config.Config;
import io.taskpod.core.dag.Dag;
import io.taskpod.store.dag.DagRepository;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.NewDagRun;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The world of the training run of taskpod's ahead-of-time cache ({@code app/create-aot-cache.sh}): an embedded
 * PostgreSQL in a scratch folder with the first task of {@value #DAG_ID} queued as the scheduler would queue it, and
 * a configuration file pointing at it. The recorded JVM then runs {@code taskpod tasks run} on that task, as a pod
 * does: only a worker's classes go into the cache (a JVM loads every class of its AOT cache at start, so this set-up
 * runs in a JVM of its own). Usage: {@code AotTraining SCRATCH_FOLDER}; prints {@code ready CONFIG_FILE}, keeps the
 * database up until its standard input ends, then stops it.
 */
public final class AotTraining {

    /** The bundled example whose first task the training runs. */
    static final String DAG_ID = "example_hello";
    static final String RUN_ID = "aot-training";

    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        Path scratch = Path.of(args[0]).toAbsolutePath();
        Path home = Files.createDirectories(scratch.resolve("home"));
        Config config = ConfigLoader.load(Optional.empty(), Map.of(ConfigLoader.HOME_ENV, home.toString()));
        try (MetadataDatabase database = MetadataDatabase.open(config, "aot-training")) {
            database.migrate();
            Dag dag = new DagFolderSource(config).load().dag(DAG_ID)
                    .orElseThrow(() -> new IllegalStateException("the bundled example " + DAG_ID + " did not load"));
            String taskId = dag.tasks().keySet().iterator().next();
            queue(database, dag, taskId);
            Path configFile = Files.writeString(home.resolve("taskpod.cfg"), """
                    [core]
                    dags_folder = %s
                    [logging]
                    base_log_folder = %s
                    [database]
                    url = %s
                    user = %s
                    """.formatted(home.resolve("dags"), home.resolve("logs"), database.settings().url(),
                    database.settings().user()));
            System.out.println("ready " + configFile + " " + DAG_ID + " " + taskId + " " + RUN_ID);
            System.out.flush();
            System.in.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** A run of the DAG with {@code taskId} queued at try 1, as the scheduler's critical section leaves it. */
    private static void queue(MetadataDatabase database, Dag dag, String taskId) {
        Instant now = Instant.now();
        new DagRepository(database.jdbc()).upsert(List.of(dag), now);
        NewDagRun run = DagRunPlanner.manual(dag, Optional.of(RUN_ID), Optional.empty(), "aot training", now);
        new DagRunRepository(database.jdbc()).create(run, DagRunPlanner.taskInstances(dag));
        database.jdbc().withConnection("queue the training task", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE task_instance SET state = 'queued', "
                    + "try_number = 1, launch_attempt = 1, queued_at = now(), updated_by = 'aot training', "
                    + "state_reason = 'queued for the training run' WHERE dag_id = ? AND run_id = ? AND task_id = ?")) {
                update.setString(1, DAG_ID);
                update.setString(2, RUN_ID);
                update.setString(3, taskId);
                return update.executeUpdate();
            }
        });
    }
}
