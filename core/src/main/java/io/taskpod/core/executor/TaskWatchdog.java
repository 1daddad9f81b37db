package io.taskpod.core.executor;

import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the task processes this process supervises when it dies, however it dies (SIGKILL and the kernel's
 * out-of-memory killer included), so that a try the zombie check later retries is never still running.
 *
 * <p>A small helper process ({@link TaskWatchdogProcess}), started with the first task, reads the running task
 * processes (pid and start time) from a pipe whose writing end only this process holds. The kernel closes that end
 * when this process exits; the watchdog then reads end-of-file and stops every task process still registered,
 * descendants included: SIGTERM, then SIGKILL after the grace. A pid reused by another process is left alone (its
 * start time differs). The watchdog ignores SIGINT, SIGTERM and SIGHUP, which a terminal or a service manager may
 * send to the whole process group: only the end of this process ends it. Should it die anyway, it is started again
 * and told the running tasks.
 */
public final class TaskWatchdog implements TaskProcessGuard, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskWatchdog.class);
    /** Starts the watchdog's JVM with SIGINT, SIGTERM and SIGHUP ignored; a JVM keeps signals it inherits ignored. */
    private static final String IGNORE_SIGNALS = "trap '' INT TERM HUP; exec \"$0\" \"$@\"";

    private final List<String> command;
    private final Map<Long, Long> registered = new LinkedHashMap<>();
    private Process process;
    private Writer pipe;
    private boolean closed;

    /** @param command the watchdog process's command line, e.g. {@link #commandFor(Duration)} */
    public TaskWatchdog(List<String> command) {
        this.command = List.copyOf(command);
        if (this.command.isEmpty()) {
            throw new IllegalArgumentException("the watchdog command is empty");
        }
    }

    /**
     * The watchdog for this JVM: the same {@code java} and class path, options for a small short-lived JVM, and
     * {@code grace} between SIGTERM and SIGKILL of the processes it stops.
     */
    public static List<String> commandFor(Duration grace) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of("/bin/sh", "-c", IGNORE_SIGNALS, java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xmx32m", "-XX:-UsePerfData", "-cp", absolute(System.getProperty("java.class.path")),
                TaskWatchdogProcess.class.getName(), Long.toString(grace.toMillis()));
    }

    @Override
    public synchronized Registration register(ProcessHandle task) {
        long pid = task.pid();
        long start = startMillis(task);
        registered.put(pid, start);
        send(TaskWatchdogProcess.register(pid, start));
        return () -> release(pid, start);
    }

    /** Forgets the task unless its pid was registered again meanwhile (by a new process that reused it). */
    private synchronized void release(long pid, long start) {
        if (registered.remove(pid, start)) {
            send(TaskWatchdogProcess.unregister(pid, start));
        }
    }

    /** The pid of the watchdog process, while one runs. */
    public synchronized Optional<Long> pid() {
        return process != null && process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
    }

    /**
     * Closes the pipe: the watchdog stops what is still registered (normally nothing: every task has ended) and
     * exits.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (pipe != null) {
            try {
                pipe.close();
            } catch (IOException ignored) {
                // the watchdog is gone already
            }
        }
    }

    static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(TaskWatchdogProcess.UNKNOWN_START);
    }

    private void send(String line) {
        if (closed) {
            return;
        }
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                boolean restarted = ensureRunning();
                if (!restarted) {
                    pipe.write(line);
                    pipe.flush();
                }
                return;
            } catch (IOException e) {
                log.warn("Could not reach the task watchdog: {}", e.getMessage());
                process = null;
            }
        }
        log.error("The task watchdog cannot be started ({}): the tasks of this process are not stopped if it dies",
                String.join(" ", command));
    }

    /** Starts the watchdog unless it runs; returns true when it was started and told every registered task. */
    private boolean ensureRunning() throws IOException {
        if (process != null && process.isAlive()) {
            return false;
        }
        if (process != null) {
            log.warn("The task watchdog (pid {}) exited with code {}; starting it again", process.pid(),
                    process.exitValue());
        }
        Process started = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        process = started;
        pipe = new OutputStreamWriter(started.getOutputStream(), StandardCharsets.UTF_8);
        for (Map.Entry<Long, Long> task : registered.entrySet()) {
            pipe.write(TaskWatchdogProcess.register(task.getKey(), task.getValue()));
        }
        pipe.flush();
        started.onExit().thenRun(() -> restartIfNeeded(started));
        log.debug("Task watchdog started: pid {}", started.pid());
        return true;
    }

    /** A watchdog that died while tasks run is replaced at once, not at the next task start. */
    private synchronized void restartIfNeeded(Process exited) {
        if (closed || process != exited || registered.isEmpty()) {
            return;
        }
        try {
            ensureRunning();
        } catch (IOException e) {
            log.error("The task watchdog cannot be started again ({}): the tasks of this process are not stopped if "
                    + "it dies", e.getMessage());
        }
    }

    private static String absolute(String classPath) {
        return Arrays.stream(Objects.requireNonNullElse(classPath, "").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
