package io.taskpod.app.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code taskpod} as a real process, as a user would, and captures what it prints. */
public final class TaskpodProcess {

    /** The outcome of one command. */
    public record Result(int exitCode, String stdout, String stderr) {}

    /**
     * Every process gets {@code [api] port = 0} unless the test sets it: schedulers and standalone serve HTTP, and
     * tests run several at once on a machine where 8080 may be taken.
     */
    static final String API_PORT = "TASKPOD__API__PORT";
    static final String ANY_FREE_PORT = "0";

    private TaskpodProcess() {}

    /**
     * The command that runs taskpod in a new JVM, exactly as the container image does: the launcher of the image tree
     * the build assembles ({@code opt/taskpod/bin/taskpod}, failsafe passes the tree as {@code taskpod.image.tree}),
     * which runs the jar next to it with the start-up cache, in the {@link #environment} every process gets.
     */
    public static List<String> command() {
        return List.of(launcher().toString());
    }

    /** {@code opt/taskpod/bin/taskpod} of the image tree built by {@code package}. */
    public static Path launcher() {
        String tree = System.getProperty("taskpod.image.tree");
        Path launcher = tree == null ? Path.of("") : Path.of(tree, "opt", "taskpod", "bin", "taskpod");
        if (tree == null || !Files.isExecutable(launcher)) {
            throw new IllegalStateException("system property taskpod.image.tree must name the image tree with an "
                    + "executable opt/taskpod/bin/taskpod (run with ./mvnw verify), got " + tree);
        }
        return launcher;
    }

    /**
     * What every taskpod process of a test gets besides its own {@code TASKPOD*} variables: this test JVM's java for
     * the launcher, and the quick compiler only, as the example pod template gives workers (test processes live
     * seconds; the optimising compiler would cost each of them a quarter of a second of CPU).
     */
    public static Map<String, String> environment() {
        return Map.of("JAVA_HOME", System.getProperty("java.home"), "TASKPOD_JAVA_OPTS", "-XX:TieredStopAtLevel=1");
    }

    /**
     * Runs {@code taskpod args…} with the given extra environment and waits up to two minutes; its standard input is
     * empty.
     */
    public static Result run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return runWithInput(environment, "", args);
    }

    /** {@link #run}, with {@code input} as the standard input. */
    public static Result runWithInput(Map<String, String> environment, String input, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(command());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("TASKPOD"));
        builder.environment().putAll(environment());
        builder.environment().putAll(environment);
        builder.environment().putIfAbsent(API_PORT, ANY_FREE_PORT);
        Path out = Files.createTempFile("taskpod-out", ".txt");
        Path err = Files.createTempFile("taskpod-err", ".txt");
        Path in = Files.writeString(Files.createTempFile("taskpod-in", ".txt"), input, StandardCharsets.UTF_8);
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(in.toFile());
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("taskpod " + String.join(" ", args) + " did not finish in 2 minutes");
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(in);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return result;
    }
}
