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
 * debugger agent, whose port the child could not bind, and repeats; a class-data archive this JVM creates itself
 * becomes the workers' own), same class path (made absolute), main class {@link Taskpod}. Local workers are started
 * with it.
 */
public final class CurrentJvm {

    /** Options for short-lived worker JVMs, placed first so that options inherited from this JVM override them. */
    static final List<String> WORKER_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto");
    private static final String SERIAL_GC = "-XX:+UseSerialGC";
    private static final String AUTO_ARCHIVE = "-XX:+AutoCreateSharedArchive";
    private static final String ARCHIVE_FILE = "-XX:SharedArchiveFile=";

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
        boolean selfCreatedArchive = jvmOptions.contains(AUTO_ARCHIVE);
        jvmOptions.stream().filter(option -> !isDebugger(option) && !command.contains(option))
                .map(option -> selfCreatedArchive ? workerArchive(option) : option)
                .forEach(command::add);
        command.add("-cp");
        command.add(absolute(classPath));
        command.add(Taskpod.class.getName());
        return List.copyOf(command);
    }

    /**
     * A worker's own class-data archive, next to the one this JVM creates itself ({@code -XX:+AutoCreateSharedArchive},
     * as the benchmarks run it; {@code ./taskpod} passes the build's archive instead, which workers share). One shared archive holds the classes of whichever process exited first
     * after a build, a worker's or the scheduler's; a worker JVM on the scheduler's archive loads its own classes
     * from the jar and spends about 8% more CPU (docs/benchmarks.md).
     */
    static String workerArchive(String option) {
        if (!option.startsWith(ARCHIVE_FILE)) {
            return option;
        }
        String archive = option.substring(ARCHIVE_FILE.length());
        String base = archive.endsWith(".jsa") ? archive.substring(0, archive.length() - ".jsa".length()) : archive;
        return ARCHIVE_FILE + base + "-worker.jsa";
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
