package io.taskpod.app.worker;

import io.taskpod.app.Taskpod;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The command that runs {@code taskpod} in a new JVM like this one: same java binary, same JVM options (minus a
 * debugger agent, whose port the child could not bind, and repeats), same class path (made absolute), main class
 * {@link Taskpod}. Local workers are started with it.
 */
public final class CurrentJvm {

    /** Options for short-lived worker JVMs, placed first so that options inherited from this JVM override them. */
    static final List<String> WORKER_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto");
    private static final String SERIAL_GC = "-XX:+UseSerialGC";

    private CurrentJvm() {}

    /** {@code java [options] -cp CLASSPATH io.taskpod.app.Taskpod}, for this JVM. */
    public static List<String> taskpodCommand() {
        return taskpodCommand(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getProperty("java.class.path"));
    }

    static List<String> taskpodCommand(String javaBinary, List<String> jvmOptions, String classPath) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary);
        command.addAll(WORKER_JVM_OPTIONS);
        if (jvmOptions.stream().noneMatch(option -> option.matches("-XX:\\+Use\\w*GC"))) {
            command.add(SERIAL_GC);
        }
        jvmOptions.stream().filter(option -> !isDebugger(option) && !command.contains(option)).forEach(command::add);
        command.add("-cp");
        command.add(absolute(classPath));
        command.add(Taskpod.class.getName());
        return List.copyOf(command);
    }

    private static boolean isDebugger(String option) {
        return option.startsWith("-agentlib:jdwp") || option.startsWith("-Xrunjdwp") || option.equals("-Xdebug");
    }

    private static String absolute(String classPath) {
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
