package io.taskpod.app.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code taskpod.jar} as a real process, as a user would, and captures what it prints. */
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

    /** The shaded jar built by {@code package}; failsafe passes its path as {@code taskpod.jar}. */
    public static Path jar() {
        String jar = System.getProperty("taskpod.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property taskpod.jar must name the packaged jar (run with ./mvnw verify), got "
                    + jar);
        }
        return Path.of(jar);
    }

    /** The command that runs taskpod in a new JVM: {@code java -jar taskpod.jar}. */
    public static List<String> command() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", jar().toString());
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
