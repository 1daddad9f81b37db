package io.taskpod.app.worker;

import io.taskpod.app.dag.DagDefaults;
import io.taskpod.app.dag.DagFileLoader;
import io.taskpod.core.config.Config;
import io.taskpod.store.Database;
import io.taskpod.store.worker.WorkerTaskStore;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/** Builds a {@link Worker} from the configuration: what {@code tasks run} and {@code dags test} use. */
public final class Workers {

    private Workers() {}

    /**
     * A worker of this process, reading DAGs from {@code [core] dags_folder} and writing to {@code database}.
     *
     * @param echo where task logs are echoed (stdout for {@code tasks run} and {@code dags test})
     */
    public static Worker forConfig(Config config, Database database, Clock clock, PrintStream echo) {
        WorkerSettings settings = WorkerSettings.from(config);
        Map<String, String> environment = System.getenv();
        return new Worker(WorkerTaskStore.of(database, settings.stateWriteTimeout(), clock),
                new FileDagLookup(new DagFileLoader(DagDefaults.from(config).anyExecutor()), settings.dagsFolder()),
                settings, clock,
                WorkerHost.current(environment), environment, echo);
    }
}
