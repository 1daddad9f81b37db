package io.taskpod.app.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A long-running {@code taskpod} process (scheduler, standalone) started from the packaged jar, stopped by SIGTERM. */
public final class BackgroundTaskpod implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private BackgroundTaskpod(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code taskpod args…} with only the given {@code TASKPOD*} variables in its environment. */
    public static BackgroundTaskpod start(Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(TaskpodProcess.command());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("TASKPOD"));
        builder.environment().putAll(TaskpodProcess.environment());
        builder.environment().putAll(environment);
        builder.environment().putIfAbsent(TaskpodProcess.API_PORT, TaskpodProcess.ANY_FREE_PORT);
        Path out = Files.createTempFile("taskpod-bg-out", ".txt");
        Path err = Files.createTempFile("taskpod-bg-err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        return new BackgroundTaskpod(builder.start(), out, err);
    }

    public String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    public String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** Waits until the process has written {@code text} to stderr (its log). */
    public void awaitLog(String text, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("taskpod exited with " + process.exitValue() + " before logging '" + text
                        + "':\n" + stderr());
            }
            return stderr().contains(text);
        });
    }

    /** Waits for the process to exit by itself; fails when it is still running after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("taskpod still runs " + timeout + " later");
        }
        return process.exitValue();
    }

    /** Sends SIGTERM and returns at once. */
    public void sigterm() {
        process.destroy();
    }

    /** Sends SIGTERM and waits for the exit; returns the exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("taskpod did not exit within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    /** Kills the process alone (SIGKILL), as a crash would. */
    public void kill(Duration timeout) throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("taskpod did not exit within " + timeout + " of SIGKILL");
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process if it still runs, and removes the captured output. */
    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
    }
}
