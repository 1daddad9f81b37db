package io.taskpod.app.testing.kubernetes;

import io.taskpod.app.testing.BackgroundTaskpod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One {@code taskpod scheduler} process of a {@link KubernetesEndToEnd}: the packaged jar, started with the
 * harness's configuration and a scheduler id. Stop it as an operator does ({@link #terminate()}: SIGTERM) or as a
 * crash does ({@link #kill()}: SIGKILL); start another with the same or another id through the harness. Its log is
 * kept in the harness's output folder when it is closed.
 */
public final class SchedulerProcess implements AutoCloseable {

    /** How long a scheduler may take to start (JVM, migrations, watches) or to stop. */
    public static final Duration START_OR_STOP = Duration.ofSeconds(90);

    private final String id;
    private final BackgroundTaskpod process;
    private final Path keptLog;

    private SchedulerProcess(String id, BackgroundTaskpod process, Path keptLog) {
        this.id = id;
        this.process = process;
        this.keptLog = keptLog;
    }

    static SchedulerProcess start(String id, Map<String, String> environment, Path keptLog) {
        try {
            SchedulerProcess scheduler = new SchedulerProcess(id, BackgroundTaskpod.start(environment, "scheduler"),
                    keptLog);
            scheduler.process.awaitLog("KubernetesExecutor started for scheduler " + id, START_OR_STOP);
            return scheduler;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String id() {
        return id;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What it logged so far (stderr). */
    public String log() {
        try {
            return process.stderr();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until it has logged {@code text}; fails at once when the process has exited. */
    public void awaitLog(String text, Duration timeout) {
        process.awaitLog(text, timeout);
    }

    /** SIGTERM, as an operator or a rollout stops it: it ends its executor and exits; returns the exit code. */
    public int terminate() {
        try {
            return process.terminate(START_OR_STOP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL, as a crash or a node failure ends it: nothing is saved, nothing is cleaned up. */
    public void kill() {
        try {
            process.kill(START_OR_STOP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills it if it still runs and keeps its log. */
    @Override
    public void close() {
        try {
            Files.createDirectories(keptLog.getParent());
            Files.writeString(keptLog, process.stderr());
            process.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
