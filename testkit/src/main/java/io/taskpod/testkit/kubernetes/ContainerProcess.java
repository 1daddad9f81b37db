package io.taskpod.testkit.kubernetes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A container's main process, run locally, its output appended to a log file. Like a container runtime, it
 * sends SIGTERM to the main process only, and SIGKILL to the whole process tree; when the main process ends,
 * what it started dies with it. The exit code is the process's, 128 + signal when a signal ended it (143 for
 * SIGTERM, 137 for SIGKILL), as a container runtime reports it.
 */
final class ContainerProcess {

    private final Process process;
    private final Set<ProcessHandle> tree = ConcurrentHashMap.newKeySet();

    private ContainerProcess(Process process) {
        this.process = process;
        process.onExit().thenRun(() -> {
            tree.addAll(process.descendants().toList());
            tree.forEach(ProcessHandle::destroyForcibly);
        });
    }

    static ContainerProcess start(List<String> argv, Map<String, String> environment, Path workDir, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        return new ContainerProcess(builder.start());
    }

    CompletableFuture<Integer> exit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM to the main process, as {@code docker stop} and a kubelet send it. */
    void terminate() {
        tree.addAll(process.descendants().toList());
        process.destroy();
    }

    /** SIGKILL to the process and its descendants. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
