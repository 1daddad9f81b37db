package io.taskpod.app.worker;

import io.taskpod.core.config.Config;
import io.taskpod.store.DatabaseSettings;

/** The metadata database a worker (or {@code tasks logs}) connects to: {@code [database] url}, which must be set. */
public final class WorkerDatabase {

    /** A worker needs one connection for its writes and one for its heartbeats. */
    static final int POOL_SIZE = 2;

    private WorkerDatabase() {}

    /**
     * The configured database with a worker-sized pool.
     *
     * @throws WorkerError when {@code [database] url} is empty: the embedded server belongs to the process that
     *     started it, which hands its URL to its workers as {@code TASKPOD__DATABASE__URL}
     */
    public static DatabaseSettings settings(Config config) {
        DatabaseSettings settings = DatabaseSettings.from(config).withPoolSize(POOL_SIZE);
        if (settings.url().isBlank()) {
            throw new WorkerError("[database] url is empty: this command needs the metadata database's URL (set it in "
                    + "taskpod.cfg or TASKPOD__DATABASE__URL; standalone and the scheduler pass their embedded "
                    + "database's URL to the workers they start)");
        }
        return settings;
    }
}
