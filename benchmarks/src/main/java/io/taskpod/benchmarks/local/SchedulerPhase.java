package io.taskpod.benchmarks.local;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskpod.app.runtime.BuiltInExecutors;
import io.taskpod.app.runtime.SchedulerAssembly;
import io.taskpod.app.scheduler.DagRunPlanner;
import io.taskpod.app.scheduler.Scheduler;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.dag.Dag;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.NewDagRun;
import io.taskpod.store.run.RunKey;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The measured phase: the real scheduler, assembled as {@code taskpod scheduler} assembles it (LocalExecutor,
 * workers started from this JVM's command line), runs on a thread of this JVM. Once its first loop iteration is done,
 * one run of the DAG is triggered as {@code taskpod dags trigger} does it, and followed until it ends. Measured from
 * the trigger to the run's {@code ended_at}.
 */
final class SchedulerPhase {

    static final String NAME = "scheduler + LocalExecutor";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

    /** The phase's figures and the scheduler's own. */
    record Result(PhaseResult phase, SchedulerFigures scheduler) {}

    private final Config config;
    private final Path configFile;
    private final BenchmarkDatabase database;
    private final PhaseMeter meter;
    private final Duration timeout;

    SchedulerPhase(Config config, Path configFile, BenchmarkDatabase database, PhaseMeter meter, Duration timeout) {
        this.config = config;
        this.configFile = configFile;
        this.database = database;
        this.meter = meter;
        this.timeout = timeout;
    }

    Result run(Dag dag) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Scheduler scheduler = SchedulerAssembly.scheduler(config, Optional.of(configFile), database.metadata(),
                BuiltInExecutors.factory(), Clock.systemUTC(), registry);
        Thread loop = new Thread(scheduler::run, "taskpod-scheduler");
        loop.start();
        try (RunQueries queries = database.queries()) {
            Timer iterations = registry.timer("scheduler.loop.duration");
            Polling.until("the scheduler's first loop iteration", START_TIMEOUT, POLL,
                    () -> Optional.of(iterations.count()).filter(count -> count > 0));
            return measure(dag, loop, iterations, queries);
        } finally {
            scheduler.stop();
            if (!scheduler.awaitTermination(STOP_TIMEOUT)) {
                throw new IllegalStateException("the scheduler did not stop within " + STOP_TIMEOUT);
            }
        }
    }

    private Result measure(Dag dag, Thread loop, Timer iterations, RunQueries queries) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getThreadCpuTime(loop.threadId());
        long countBefore = iterations.count();
        double loopNanosBefore = iterations.totalTime(TimeUnit.NANOSECONDS);
        PhaseMeter.Started started = meter.start();

        Instant triggered = Instant.now();
        NewDagRun run = DagRunPlanner.manual(dag, Optional.of("benchmark"), Optional.empty(), "benchmark", triggered);
        new DagRunRepository(database.metadata().jdbc()).create(run, DagRunPlanner.taskInstances(dag));
        RunQueries.RunEnd end = Polling.until("run " + run.key(), timeout, POLL, () -> queries.end(run.key()));

        SchedulerFigures figures = new SchedulerFigures(Duration.ofNanos(threads.getThreadCpuTime(loop.threadId()) - cpuBefore),
                iterations.count() - countBefore,
                Duration.ofNanos((long) (iterations.totalTime(TimeUnit.NANOSECONDS) - loopNanosBefore)));
        Duration wall = Duration.between(triggered, end.endedAt());
        if (!end.state().equals("success")) {
            throw new IllegalStateException("run " + run.key() + " ended " + end.state() + "; see the task logs");
        }
        Latencies latencies = Latencies.of(traces(queries, run.key()), config.get(CoreConfigKeys.PARALLELISM), wall);
        PhaseResult phase = started.finish(NAME, dag.tasks().size(), wall, Optional.of(latencies));
        return new Result(phase, figures);
    }

    private static List<Latencies.TaskTrace> traces(RunQueries queries, RunKey run) throws SQLException {
        return queries.taskTimes(run).stream()
                .map(times -> new Latencies.TaskTrace(times.queuedAt(), times.startedAt(), times.endedAt())).toList();
    }
}
