package io.taskpod.app.worker;

import io.taskpod.app.dag.DagDefaults;
import io.taskpod.app.dag.DagFileLoader;
import io.taskpod.app.execution.ExecutionApiUrl;
import io.taskpod.core.config.Config;
import io.taskpod.kubernetes.launch.TryTokenDelivery;
import io.taskpod.store.Database;
import io.taskpod.store.worker.WorkerTaskStore;
import io.taskpod.store.worker.WorkerTryStore;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link Worker} from the configuration: what {@code tasks run} and {@code dags test} use. A pod's worker,
 * which the executor gives a token, uses the execution API; any other uses the database.
 */
public final class Workers {

    private Workers() {}

    /**
     * A worker of this process, reading DAGs from {@code [core] dags_folder} and writing to {@code database}.
     *
     * @param echo where task logs are echoed (stdout for {@code tasks run} and {@code dags test})
     */
    public static Worker forConfig(Config config, Database database, Clock clock, PrintStream echo) {
        WorkerSettings settings = WorkerSettings.from(config);
        return worker(config, WorkerTaskStore.of(database, settings.stateWriteTimeout(), clock), settings, clock, echo);
    }

    /**
     * A worker of a pod: it reaches its try through the execution API at {@code [core] execution_api_server_url} with
     * {@code token}, and never through the database.
     */
    public static Worker forExecutionApi(Config config, String token, Clock clock, PrintStream echo) {
        WorkerSettings settings = WorkerSettings.from(config);
        return worker(config, new ExecutionApiTryStore(ExecutionApiUrl.of(config), token, settings.stateWriteTimeout(),
                clock), settings, clock, echo);
    }

    /** The execution API token of this process ({@value TryTokenDelivery#TOKEN_ENV}), when it has one. */
    public static Optional<String> executionApiToken(Map<String, String> environment) {
        return Optional.ofNullable(environment.get(TryTokenDelivery.TOKEN_ENV)).map(String::strip)
                .filter(token -> !token.isEmpty());
    }

    private static Worker worker(Config config, WorkerTryStore store, WorkerSettings settings, Clock clock,
            PrintStream echo) {
        Map<String, String> environment = System.getenv();
        return new Worker(store,
                new FileDagLookup(new DagFileLoader(DagDefaults.from(config).anyExecutor()), settings.dagsFolder()),
                settings, clock,
                WorkerHost.current(environment), environment, echo);
    }
}
