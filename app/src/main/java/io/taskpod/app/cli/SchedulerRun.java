package io.taskpod.app.cli;

import io.taskpod.app.runtime.GracefulShutdown;
import io.taskpod.app.scheduler.Scheduler;
import io.taskpod.app.scheduler.SchedulerIdTakenException;
import io.taskpod.app.worker.LocalTaskRunner;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a scheduler loop in the foreground until it is done or the process gets SIGTERM or Ctrl-C. */
final class SchedulerRun {

    /** Time on top of {@code killed_task_cleanup_time} a stopping scheduler gets before the JVM exits anyway. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** Why the tasks a second signal stops failed, in their logs and states. */
    static final String STOPPED_NOW = "the scheduler was stopped by a second signal (SIGTERM or Ctrl-C) while the "
            + "task ran";

    private static final Logger log = LoggerFactory.getLogger(SchedulerRun.class);

    private SchedulerRun() {}

    /** The shutdown hook of a scheduler command; open it before the database so that it closes after it. */
    static GracefulShutdown installShutdown(Config config) {
        Duration cleanup = config.get(CoreConfigKeys.KILLED_TASK_CLEANUP_TIME);
        GracefulShutdown shutdown = GracefulShutdown.install(cleanup.plus(STOP_GRACE),
                CoreConfigKeys.KILLED_TASK_CLEANUP_TIME.qualifiedName() + " = " + cleanup.toSeconds() + "s, plus "
                        + STOP_GRACE.toSeconds() + "s");
        shutdown.hurryWith(() -> log.warn("Stopping {} running local task(s) now",
                LocalTaskRunner.stopAllNow(STOPPED_NOW)));
        return shutdown;
    }

    /** Runs the loop; a signal stops it cleanly (executors ended, row marked stopped). */
    static void run(Scheduler scheduler, GracefulShutdown shutdown, BooleanSupplier done) {
        shutdown.stopWith(scheduler::stop);
        try {
            scheduler.run(done);
        } catch (SchedulerIdTakenException e) {
            throw new UserError(e.getMessage());
        }
    }
}
