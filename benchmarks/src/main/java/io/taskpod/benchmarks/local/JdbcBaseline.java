package io.taskpod.benchmarks.local;

import io.taskpod.app.scheduler.DagRunPlanner;
import io.taskpod.core.dag.Dag;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.NewDagRun;
import io.taskpod.store.run.RunKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline the scheduler is compared with, at the same parallelism, without taskpod in the way: one run's task
 * instances are put in {@code queued} with one statement, then {@code parallelism} threads each take the next one,
 * start its process ({@code true}), wait for it, and write its final row ({@code success}, {@code ended_at}) with one
 * plain JDBC statement on a connection of their own, as taskpod's role so that its statements are counted.
 */
final class JdbcBaseline {

    static final String NAME = "baseline: spawn + JDBC row";

    private final BenchmarkDatabase database;
    private final PhaseMeter meter;
    private final int parallelism;

    JdbcBaseline(BenchmarkDatabase database, PhaseMeter meter, int parallelism) {
        this.database = database;
        this.meter = meter;
        this.parallelism = parallelism;
    }

    PhaseResult run(Dag dag) throws Exception {
        NewDagRun run = DagRunPlanner.test(dag, "benchmark", Instant.now());
        new DagRunRepository(database.metadata().jdbc()).create(run, DagRunPlanner.taskInstances(dag));
        List<String> taskIds = List.copyOf(dag.tasks().keySet());
        try (RunQueries queries = database.queries()) {
            queries.queueAll(run.key());
            PhaseMeter.Started started = meter.start();
            long start = System.nanoTime();
            runAll(run.key(), taskIds);
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            PhaseResult result = started.finish(NAME, taskIds.size(), wall, Optional.empty());
            queries.markSucceeded(run.key());
            return result;
        }
    }

    private void runAll(RunKey run, List<String> taskIds) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(parallelism);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int i = 0; i < parallelism; i++) {
                done.add(threads.submit(() -> {
                    work(run, taskIds, next);
                    return null;
                }));
            }
            for (Future<Void> future : done) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private void work(RunKey run, List<String> taskIds, AtomicInteger next) throws Exception {
        var settings = database.metadata().settings();
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
                PreparedStatement finish = connection.prepareStatement("""
                        UPDATE task_instance SET state = 'success', ended_at = now(), updated_by = 'baseline',
                            state_reason = 'task exited with code 0', updated_at = now()
                        WHERE dag_id = ? AND run_id = ? AND task_id = ? AND map_index = -1 AND state = 'queued'""")) {
            for (int index = next.getAndIncrement(); index < taskIds.size(); index = next.getAndIncrement()) {
                Process process = new ProcessBuilder("true").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectErrorStream(true).start();
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("`true` exited with " + process.exitValue());
                }
                finish.setString(1, run.dagId());
                finish.setString(2, run.runId());
                finish.setString(3, taskIds.get(index));
                if (finish.executeUpdate() != 1) {
                    throw new SQLException("task " + taskIds.get(index) + " was not queued");
                }
            }
        }
    }
}
