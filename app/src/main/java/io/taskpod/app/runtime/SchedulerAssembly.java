package io.taskpod.app.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.taskpod.app.remotelog.RemoteLogs;
import io.taskpod.app.remotelog.UploadFailures;
import io.taskpod.app.scheduler.DagSource;
import io.taskpod.app.scheduler.ExecutorRouter;
import io.taskpod.app.scheduler.Scheduler;
import io.taskpod.app.scheduler.SchedulerIdentity;
import io.taskpod.app.scheduler.SchedulerRepositories;
import io.taskpod.app.scheduler.SchedulerSettings;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.dag.DagBag;
import io.taskpod.core.executor.Executor;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.store.kubernetes.PostgresResourceVersionStore;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.run.RunScope;
import io.taskpod.store.scheduler.SchedulerIdLock;
import io.taskpod.store.task.PostgresTaskStateLookup;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Wires a {@link Scheduler} from the configuration: its id ({@code [scheduler] instance_id} or the host name), the
 * executors of {@code [core] executor}, the DAGs folder, the task log folder and the metadata database.
 */
public final class SchedulerAssembly {

    /** The longest idle pause of the in-process loop of {@code dags test}, so a short DAG finishes briskly. */
    static final Duration DAG_TEST_IDLE_SLEEP = Duration.ofMillis(200);

    private SchedulerAssembly() {}

    /** The scheduler of {@code taskpod scheduler} and {@code taskpod standalone}. */
    public static Scheduler scheduler(Config config, Optional<Path> configFile, MetadataDatabase database,
            ExecutorFactory executors, Clock clock, MeterRegistry registry) {
        SchedulerSettings settings = SchedulerSettings.from(config, schedulerId(config));
        SchedulerRepositories store = SchedulerRepositories.of(database.jdbc());
        List<Executor> configured = executors.createConfigured(executorContext(config, configFile, database, store,
                settings, clock, registry));
        SchedulerIdLock idLock = new SchedulerIdLock(database.settings(), settings.schedulerId());
        RemoteLogs.of(config).ifPresent(remote -> FunctionCounter.builder("taskpod_remote_log_upload_failures",
                remote.failures(), UploadFailures::total).description("Failed uploads of task logs to the remote "
                        + "store and failed appends to them, each retry counted ([logging] remote_logging)")
                .register(registry));
        return new Scheduler(settings, store, idLock, new DagFolderSource(config),
                ExecutorRouter.of(configured), logFiles(config, clock), RunScope.ALL_EXCEPT_TEST, clock, registry);
    }

    /** The id {@link #scheduler} gives its scheduler: {@code [scheduler] instance_id}, else the host name. */
    public static String schedulerId(Config config) {
        return SchedulerIdentity.resolve(config.find(CoreConfigKeys.INSTANCE_ID), SchedulerIdentity.hostName());
    }

    /**
     * The in-process loop of {@code dags test}: works on {@code run} only, sends every task instance to
     * {@code executor}, and has an id of its own so that it never competes with a scheduler on the same host.
     */
    public static Scheduler dagTest(Config config, MetadataDatabase database, Executor executor, RunKey run, DagBag dags,
            Clock clock, MeterRegistry registry) {
        String schedulerId = "dags-test-" + SchedulerIdentity.hostName() + "-" + ProcessHandle.current().pid();
        SchedulerSettings configured = SchedulerSettings.from(config, schedulerId);
        SchedulerSettings settings = configured.withIdleSleep(min(configured.idleSleep(), DAG_TEST_IDLE_SLEEP));
        DagSource source = () -> dags;
        return new Scheduler(settings, SchedulerRepositories.of(database.jdbc()),
                new SchedulerIdLock(database.settings(), schedulerId), source, ExecutorRouter.everythingTo(executor), logFiles(config, clock), RunScope.only(run), clock, registry);
    }

    /** What executors are built from, for this scheduler: its own repositories behind their database ports. */
    public static ExecutorFactory.Context executorContext(Config config, Optional<Path> configFile,
            MetadataDatabase database, SchedulerRepositories store, SchedulerSettings settings, Clock clock,
            MeterRegistry registry) {
        return new ExecutorFactory.Context(config, configFile, database.settings(), settings.schedulerId(),
                new PostgresTaskStateLookup(store.taskInstances(), store.schedulers(), settings.healthCheckThreshold(),
                        clock),
                new PostgresResourceVersionStore(store.jdbc(), clock), clock, registry);
    }

    private static TaskLogFiles logFiles(Config config, Clock clock) {
        return RemoteLogs.taskLogFiles(config, clock);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
