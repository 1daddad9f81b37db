package io.taskpod.app.cli;

import io.taskpod.app.runtime.GracefulShutdown;
import io.taskpod.app.scheduler.Scheduler;
import io.taskpod.app.scheduler.SchedulerIdTakenException;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Runs a scheduler loop in the foreground until it is done or the process gets SIGTERM or Ctrl-C. */
final class SchedulerRun {

    /** Time on top of {@code killed_task_cleanup_time} a stopping scheduler gets before the JVM exits anyway. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private SchedulerRun() {}

    /** Runs the loop; a signal stops it cleanly (executors ended, row marked stopped) before the JVM exits. */
    static void run(Scheduler scheduler, Config config, BooleanSupplier done) {
        Duration timeout = config.get(CoreConfigKeys.KILLED_TASK_CLEANUP_TIME).plus(STOP_GRACE);
        try (GracefulShutdown ignored = GracefulShutdown.install(scheduler::stop, timeout)) {
            scheduler.run(done);
        } catch (SchedulerIdTakenException e) {
            throw new UserError(e.getMessage());
        }
    }
}
