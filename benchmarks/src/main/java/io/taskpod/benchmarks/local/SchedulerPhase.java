package io.taskpod.benchmarks.local;

import io.micrometer.core.instrument.Timer;
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
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The measured phase: the real scheduler, assembled as {@code taskpod scheduler} assembles it (LocalExecutor, each
 * task a child process of this JVM), runs on a thread of this JVM. Once its first loop iteration is done, a warm-up
 * run of a small DAG is triggered and awaited (JIT, connection pool, the task watchdog), then the measured run, as
 * {@code taskpod dags trigger} does it, followed until it ends. Measured from the trigger to the run's
 * {@code ended_at}; every loop iteration is watched meanwhile ({@link LoopTimes}) and the heap in use sampled every
 * 100 ms.
 */
final class SchedulerPhase {

    static final String NAME = "scheduler + LocalExecutor";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
    /** Iterations longer than this are counted ("no loop iteration over 200 ms"). */
    static final Duration LONG_ITERATION = Duration.ofMillis(200);

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

    Result run(Dag warmup, Dag dag) throws Exception {
        LoopTimes registry = new LoopTimes(LONG_ITERATION);
        Scheduler scheduler = SchedulerAssembly.scheduler(config, Optional.of(configFile), database.metadata(),
                BuiltInExecutors.factory(), Clock.systemUTC(), registry);
        Thread loop = new Thread(scheduler::run, "taskpod-scheduler");
        loop.start();
        try (RunQueries queries = database.queries()) {
            Timer iterations = registry.timer(LoopTimes.LOOP_TIMER);
            Polling.until("the scheduler's first loop iteration", START_TIMEOUT, POLL,
                    () -> Optional.of(iterations.count()).filter(count -> count > 0));
            trigger(warmup, "warm-up", queries);
            return measure(dag, loop, iterations, registry, queries);
        } finally {
            scheduler.stop();
            if (!scheduler.awaitTermination(STOP_TIMEOUT)) {
                throw new IllegalStateException("the scheduler did not stop within " + STOP_TIMEOUT);
            }
        }
    }

    private Result measure(Dag dag, Thread loop, Timer iterations, LoopTimes loopTimes, RunQueries queries)
            throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long cpuBefore = threads.getThreadCpuTime(loop.threadId());
        long countBefore = iterations.count();
        double loopNanosBefore = iterations.totalTime(TimeUnit.NANOSECONDS);
        loopTimes.reset();
        AtomicLong peakHeap = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, POLL.toMillis(), TimeUnit.MILLISECONDS);
        PhaseMeter.Started started = meter.start();
        RunQueries.RunEnd end;
        Instant triggered;
        try {
            triggered = Instant.now();
            end = trigger(dag, "benchmark", queries);
        } finally {
            sampler.shutdownNow();
        }
        SchedulerFigures figures = new SchedulerFigures(
                Duration.ofNanos(threads.getThreadCpuTime(loop.threadId()) - cpuBefore),
                iterations.count() - countBefore,
                Duration.ofNanos((long) (iterations.totalTime(TimeUnit.NANOSECONDS) - loopNanosBefore)),
                loopTimes.longest(), loopTimes.overLimit(), peakHeap.get(), memory.getHeapMemoryUsage().getMax());
        Duration wall = Duration.between(triggered, end.endedAt());
        RunKey run = new RunKey(dag.dagId(), "benchmark");
        Latencies latencies = Latencies.of(traces(queries, run), config.get(CoreConfigKeys.PARALLELISM), wall);
        PhaseResult phase = started.finish(NAME, dag.tasks().size(), wall, Optional.of(latencies));
        return new Result(phase, figures);
    }

    /** Triggers a run of {@code dag} as {@code taskpod dags trigger} does and waits until it succeeded. */
    private RunQueries.RunEnd trigger(Dag dag, String runId, RunQueries queries) throws Exception {
        NewDagRun run = DagRunPlanner.manual(dag, Optional.of(runId), Optional.empty(), "benchmark", Instant.now());
        new DagRunRepository(database.metadata().jdbc()).create(run, DagRunPlanner.taskInstances(dag));
        RunQueries.RunEnd end = Polling.until("run " + run.key(), timeout, POLL, () -> queries.end(run.key()));
        if (!end.state().equals("success")) {
            throw new IllegalStateException("run " + run.key() + " ended " + end.state() + "; see the task logs");
        }
        return end;
    }

    private static List<Latencies.TaskTrace> traces(RunQueries queries, RunKey run) throws SQLException {
        return queries.taskTimes(run).stream()
                .map(times -> new Latencies.TaskTrace(times.queuedAt(), times.startedAt(), times.endedAt())).toList();
    }
}
