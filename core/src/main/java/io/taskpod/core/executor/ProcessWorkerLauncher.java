package io.taskpod.core.executor;

import io.taskpod.core.model.TaskInstanceKey;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Starts each worker as a local operating-system process: the leading {@code taskpod} of the worker command is
 * replaced by {@code programPrefix} (for example the current JVM's {@code java … io.taskpod.app.Taskpod}).
 *
 * <p>The worker must outlive the scheduler that started it, so it is tied to the scheduler by no pipe: its stdin
 * is closed at once, its stdout (an echo of the task log, which the worker writes itself) is discarded, and its
 * stderr goes to a file in {@code outputFolder}, whose tail is reported when the worker exits, then deleted.
 */
public final class ProcessWorkerLauncher implements WorkerLauncher {

    /** How much of the worker's stderr is kept for the failure message. */
    static final int TAIL_BYTES = 4096;
    static final int TAIL_LINES = 20;

    private final List<String> programPrefix;
    private final Map<String, String> environment;
    private final Path outputFolder;

    /** A launcher that keeps worker stderr files in a new temporary folder. */
    public ProcessWorkerLauncher(List<String> programPrefix, Map<String, String> environment) {
        this(programPrefix, environment, createTempFolder());
    }

    /**
     * @param programPrefix replaces {@code taskpod} at the head of each worker command; must not be empty
     * @param environment set in each worker's environment on top of this process's environment
     * @param outputFolder where worker stderr files live while the workers run
     */
    public ProcessWorkerLauncher(List<String> programPrefix, Map<String, String> environment, Path outputFolder) {
        this.programPrefix = List.copyOf(programPrefix);
        if (this.programPrefix.isEmpty()) {
            throw new IllegalArgumentException("programPrefix must name the program that runs taskpod");
        }
        this.environment = Map.copyOf(environment);
        this.outputFolder = Objects.requireNonNull(outputFolder, "outputFolder");
    }

    @Override
    public WorkerProcess launch(TaskInstanceKey key, List<String> command) throws IOException {
        List<String> argv = argv(command);
        Files.createDirectories(outputFolder);
        Path stderr = Files.createTempFile(outputFolder, "worker-", ".stderr");
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            Files.deleteIfExists(stderr);
            throw new IOException("could not start worker " + argv.getFirst() + " for " + key + ": " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        return new LocalWorkerProcess(process, stderr);
    }

    /** The worker command with its leading {@code taskpod} replaced by the program prefix. */
    List<String> argv(List<String> command) {
        if (command.isEmpty() || !command.getFirst().equals(WorkerCommand.PROGRAM)) {
            throw new IllegalArgumentException("a worker command starts with '" + WorkerCommand.PROGRAM + "', got " + command);
        }
        List<String> argv = new ArrayList<>(programPrefix);
        argv.addAll(command.subList(1, command.size()));
        return argv;
    }

    /** The last {@link #TAIL_LINES} lines of the last {@link #TAIL_BYTES} bytes of a file, trimmed. */
    static String tail(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, TAIL_BYTES);
            byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).strip().split("\\R"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())).strip();
        } catch (IOException e) {
            return "(stderr of the worker unreadable: " + e.getMessage() + ")";
        }
    }

    private static Path createTempFolder() {
        try {
            return Files.createTempDirectory("taskpod-workers-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a folder for worker output", e);
        }
    }

    /** A worker started by this launcher. */
    private static final class LocalWorkerProcess implements WorkerProcess {

        private final Process process;
        private final CompletableFuture<WorkerExit> exit;

        LocalWorkerProcess(Process process, Path stderr) {
            this.process = process;
            this.exit = process.onExit().handle((ended, error) -> {
                String tail = tail(stderr);
                try {
                    Files.deleteIfExists(stderr);
                } catch (IOException ignored) {
                    // a leftover file in a temporary folder does no harm
                }
                return new WorkerExit(process.exitValue(), tail);
            });
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public CompletableFuture<WorkerExit> onExit() {
            return exit;
        }

        @Override
        public void requestStop() {
            process.destroy();
        }

        @Override
        public void kill() {
            ProcessTree.kill(process.toHandle());
        }
    }
}
