package io.taskpod.core.executor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A worker started by an earlier run of this scheduler, found alive again: its exit is observed but its exit code
 * is not available (it is not this process's child), so it is reported as unknown. The worker records the try's
 * state itself; the scheduler reconciles a failure event with what the database says.
 */
final class AdoptedWorkerProcess implements WorkerProcess {

    private final ProcessHandle process;
    private final CompletableFuture<WorkerExit> exit;

    private AdoptedWorkerProcess(ProcessHandle process) {
        this.process = process;
        this.exit = process.onExit().handle((ended, error) -> new WorkerExit(WorkerExit.UNKNOWN_EXIT_CODE, ""));
    }

    /**
     * The live process {@code pid} when it is the worker of {@code workerCommand} (its arguments end with the
     * worker command's arguments, which rules out an unrelated process that reused the pid).
     */
    static Optional<WorkerProcess> find(long pid, List<String> workerCommand) {
        List<String> expected = workerCommand.subList(1, workerCommand.size());
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> endsWith(arguments(handle), expected))
                .map(AdoptedWorkerProcess::new);
    }

    /**
     * The process's argv without the program: from {@code /proc/PID/cmdline} where there is one (complete, however
     * long; {@link ProcessHandle.Info#arguments()} gives up on long command lines), else as the JDK reports them.
     */
    static List<String> arguments(ProcessHandle handle) {
        Path cmdline = Path.of("/proc", Long.toString(handle.pid()), "cmdline");
        try {
            String text = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
            List<String> argv = List.of(text.split("\0"));
            return argv.subList(Math.min(1, argv.size()), argv.size());
        } catch (IOException e) {
            return handle.info().arguments().map(List::of).orElse(List.of());
        }
    }

    private static boolean endsWith(List<String> args, List<String> suffix) {
        return args.size() >= suffix.size() && args.subList(args.size() - suffix.size(), args.size()).equals(suffix);
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
        ProcessTree.kill(process);
    }
}
