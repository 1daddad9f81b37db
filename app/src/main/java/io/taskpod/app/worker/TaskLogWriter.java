package io.taskpod.app.worker;

import io.taskpod.app.remotelog.LogUploads;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstanceKey;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Writes one try's log file: the task's output as it comes, and the worker's own lines
 * ({@code [time] {worker} message}), each also echoed to the worker's stdout, which is what {@code kubectl logs}
 * shows for a pod. A worker line never ends up glued to a task line that lacks its newline. With remote logging, the
 * file is uploaded at intervals from the claim on ({@link #claimed()}) and once more when it is closed
 * ({@link LogUploads}); a refused worker ({@link #refused}) uploads nothing, so a duplicate or stale launch never
 * replaces the log of the try it did not run.
 */
public final class TaskLogWriter implements AutoCloseable {

    private static final byte[] NEWLINE = System.lineSeparator().getBytes(StandardCharsets.UTF_8);

    private final Path file;
    private final OutputStream out;
    private final PrintStream echo;
    private final Clock clock;
    private LogUploads uploads = LogUploads.NONE;
    private String relativePath = "";
    private LogUploads.Upload upload;
    private boolean uploadRefused;
    private boolean atLineStart = true;
    private boolean writeFailed;

    private TaskLogWriter(Path file, OutputStream out, PrintStream echo, Clock clock) {
        this.file = file;
        this.out = out;
        this.echo = echo;
        this.clock = clock;
    }

    /**
     * Opens the log file of {@code key} under {@code files}' folder, uploaded by {@code uploads}.
     *
     * @throws WorkerError naming the file when it cannot be written
     */
    public static TaskLogWriter open(TaskLogFiles files, TaskInstanceKey key, LogUploads uploads, PrintStream echo,
            Clock clock) {
        TaskLogWriter writer = open(files.pathOf(key), echo, clock);
        writer.uploads = uploads;
        writer.relativePath = TaskLogFiles.relativePathOf(key);
        return writer;
    }

    /**
     * Opens (creates or appends to) the log file.
     *
     * @throws WorkerError naming the file when it cannot be written
     */
    public static TaskLogWriter open(Path file, PrintStream echo, Clock clock) {
        Objects.requireNonNull(echo, "echo");
        Objects.requireNonNull(clock, "clock");
        try {
            Files.createDirectories(file.getParent());
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new TaskLogWriter(file, out, echo, clock);
        } catch (IOException e) {
            throw new WorkerError("cannot write the task log " + file + " ([logging] base_log_folder): " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Appends one line of the worker's own, with a timestamp. */
    public synchronized void line(String message) {
        String text = "[" + Instant.now(clock) + "] {worker} " + message;
        byte[] bytes = (text + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        if (!atLineStart) {
            write(NEWLINE, 0, NEWLINE.length);
        }
        write(bytes, 0, bytes.length);
        atLineStart = true;
    }

    /** Appends task output exactly as the task wrote it. */
    public synchronized void output(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        write(bytes, offset, length);
        atLineStart = bytes[offset + length - 1] == '\n';
    }

    private void write(byte[] bytes, int offset, int length) {
        echo.write(bytes, offset, length);
        echo.flush();
        try {
            out.write(bytes, offset, length);
            out.flush();
        } catch (IOException e) {
            if (!writeFailed) {
                writeFailed = true;
                echo.println("[" + Instant.now(clock) + "] {worker} cannot write the task log " + file + ": "
                        + e.getMessage() + " (output continues here only)");
            }
        }
    }

    /** The try is this worker's: uploads at intervals begin. */
    public synchronized void claimed() {
        if (upload == null && !uploadRefused) {
            upload = uploads.start(relativePath, file, this::line);
        }
    }

    /** Says why the worker refused the try; the file is then never uploaded. */
    public void refused(String reason) {
        synchronized (this) {
            uploadRefused = true;
        }
        line("refused: " + reason + "; nothing was run");
    }

    /** Uploads the file a last time (with remote logging; unless the worker refused the try), then closes it. */
    @Override
    public void close() {
        LogUploads.Upload last;
        synchronized (this) {
            last = uploadRefused ? null : upload != null ? upload : uploads.start(relativePath, file, this::line);
        }
        if (last != null) {
            last.close();
        }
        closeFile();
    }

    private synchronized void closeFile() {
        try {
            out.close();
        } catch (IOException ignored) {
            // everything written was flushed already
        }
    }
}
