package io.taskpod.kubernetes.watch;

import java.time.Duration;

/**
 * Runs tasks one at a time, now or after a delay: the thread a {@link KubernetesJobWatcher} keeps its state on.
 * Tests drive it by hand; production uses {@link SingleThreadScheduler}.
 */
public interface SerialScheduler {

    /** Runs {@code task} after the tasks already submitted. */
    void execute(Runnable task);

    /** Runs {@code task} once {@code delay} has passed. */
    void schedule(Runnable task, Duration delay);
}
