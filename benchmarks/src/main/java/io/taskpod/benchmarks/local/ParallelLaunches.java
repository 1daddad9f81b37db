package io.taskpod.benchmarks.local;

import io.taskpod.core.executor.WorkerExit;
import io.taskpod.core.executor.WorkerLauncher;
import io.taskpod.core.executor.WorkerProcess;
import io.taskpod.core.model.TaskInstanceKey;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The baselines' launcher: starts commands through a {@link WorkerLauncher} (the LocalExecutor's own process
 * launcher), at most {@code parallelism} at once, each as soon as a slot frees, with no scheduler and no database
 * work of its own in between.
 */
final class ParallelLaunches {

    /** A command to start; the key names it in the launcher's errors. */
    record Request(TaskInstanceKey key, List<String> command) {}

    /** One process: when it was started and how it ended. */
    record Launch(TaskInstanceKey key, Instant started, WorkerExit exit) {}

    /** All launches and the time from the first start to the last exit. */
    record Outcome(Duration wall, List<Launch> launches) {

        List<Launch> failures() {
            return launches.stream().filter(launch -> launch.exit().exitCode() != 0).toList();
        }
    }

    private ParallelLaunches() {}

    static Outcome run(WorkerLauncher launcher, List<Request> requests, int parallelism)
            throws IOException, InterruptedException {
        Semaphore slots = new Semaphore(parallelism);
        List<CompletableFuture<Launch>> launches = new ArrayList<>();
        long start = System.nanoTime();
        for (Request request : requests) {
            slots.acquire();
            Instant started = Instant.now();
            WorkerProcess process;
            try {
                process = launcher.launch(request.key(), request.command());
            } catch (IOException | RuntimeException e) {
                slots.release();
                throw e;
            }
            launches.add(process.onExit()
                    .thenApply(exit -> new Launch(request.key(), started, exit))
                    .whenComplete((launch, error) -> slots.release()));
        }
        CompletableFuture.allOf(launches.toArray(CompletableFuture[]::new)).join();
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        return new Outcome(wall, launches.stream().map(CompletableFuture::join).toList());
    }
}
