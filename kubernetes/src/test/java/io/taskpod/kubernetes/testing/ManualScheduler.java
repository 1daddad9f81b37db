package io.taskpod.kubernetes.testing;

import io.taskpod.kubernetes.watch.SerialScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link SerialScheduler} a test runs by hand: {@link #runDue()} runs what was submitted and what is due by the
 * {@link MutableClock}, in order, until nothing is left to run; {@link #delays()} records every requested delay.
 */
public final class ManualScheduler implements SerialScheduler {

    private record Task(Runnable task, Instant due, long order) {}

    private final MutableClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private long order;

    public ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(new Task(task, Instant.MIN, order++));
    }

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
        delays.add(delay);
        tasks.add(new Task(task, clock.instant().plus(delay), order++));
    }

    /** Runs everything due, including what the tasks submit, in submission order. */
    public void runDue() {
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.due().isAfter(clock.instant()))
                        .min(Comparator.comparingLong(Task::order)).orElse(null);
                if (next == null) {
                    return;
                }
                tasks.remove(next);
            }
            next.task().run();
        }
    }

    public synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    public synchronized int pending() {
        return tasks.size();
    }
}
