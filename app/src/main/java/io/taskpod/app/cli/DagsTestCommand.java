package io.taskpod.app.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskpod.app.runtime.DagFolderSource;
import io.taskpod.app.runtime.GracefulShutdown;
import io.taskpod.app.runtime.LocalExecutors;
import io.taskpod.app.runtime.MetadataDatabase;
import io.taskpod.app.runtime.SchedulerAssembly;
import io.taskpod.app.scheduler.DagRunPlanner;
import io.taskpod.app.scheduler.Scheduler;
import io.taskpod.core.config.Config;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import io.taskpod.core.executor.LocalExecutor;
import io.taskpod.core.model.DagRunState;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.NewDagRun;
import io.taskpod.store.task.TaskInstanceRepository;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code taskpod dags test DAG_ID}: one run of a DAG to completion in this process, with a scheduler loop of its own
 * that touches no other run (and no other scheduler touches this one); tasks run as children of this process, as
 * the LocalExecutor runs them, their logs echoed to stdout. Exits 0 only if the run succeeded.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run one DAG run to completion in this process (even if the DAG is paused); exit 0 only if it succeeded.")
public final class DagsTestCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "DAG_ID")
    String dagId;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Config config = configOption.load();
        DagFolderSource source = new DagFolderSource(config);
        Dag dag = CliDags.find(source, source.load(), dagId);
        Clock clock = Clock.systemUTC();
        PrintWriter out = spec.commandLine().getOut();
        try (GracefulShutdown shutdown = SchedulerRun.installShutdown(config);
                MetadataDatabase database = CliDatabase.openMigrated(config, "dags-test")) {
            DagRunRepository runs = new DagRunRepository(database.jdbc());
            NewDagRun run = DagRunPlanner.test(dag, "dags test", clock.instant());
            runs.create(run, DagRunPlanner.taskInstances(dag));
            out.println("Testing DAG " + dagId + ": run " + run.key().runId() + " on " + database.describe());
            out.flush();
            LocalExecutor executor = LocalExecutors.create(config, Optional.ofNullable(configOption.configFile),
                    database.settings(), clock, System.out);
            Scheduler scheduler = SchedulerAssembly.dagTest(config, database, executor, run.key(),
                    new DagBag(Map.of(dagId, dag), List.of()), clock, new SimpleMeterRegistry());
            SchedulerRun.run(scheduler, shutdown,
                    () -> runs.find(run.key()).map(r -> r.state().isFinished()).orElse(true));
            DagRunState end = runs.find(run.key()).map(r -> r.state()).orElse(DagRunState.FAILED);
            TaskStatesTable.printTable(out, new TaskInstanceRepository(database.jdbc()).listByRun(run.key()));
            out.println("Run " + run.key().runId() + " of DAG " + dagId + ": " + end.dbValue());
            out.flush();
            return end == DagRunState.SUCCESS ? 0 : 1;
        }
    }
}
