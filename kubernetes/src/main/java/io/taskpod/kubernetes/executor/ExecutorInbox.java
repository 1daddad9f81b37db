package io.taskpod.kubernetes.executor;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.api.PodSnapshot;
import io.taskpod.kubernetes.launch.LaunchOutcome;
import io.taskpod.kubernetes.launch.LaunchOutcomeSink;
import io.taskpod.kubernetes.status.PodEventType;
import io.taskpod.kubernetes.watch.WatchSink;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The one place other threads hand the scheduler thread what they learned (watch events, lists), and the launcher
 * what its returned creates mean, in the order they were learned. {@link #drain} takes everything; signals the scheduler thread could not apply
 * (the database was down) go back to the front with {@link #putBack} and are applied first next time. A watch
 * event that ends a pod (it finished or was deleted) calls {@code outcomeArrived}, so an idle scheduler applies it
 * at once rather than after its pause.
 */
final class ExecutorInbox implements WatchSink, LaunchOutcomeSink {

    private final ConcurrentLinkedQueue<Signal> queue = new ConcurrentLinkedQueue<>();
    private final Deque<Signal> carried = new ArrayDeque<>();
    private final Runnable outcomeArrived;

    ExecutorInbox(Runnable outcomeArrived) {
        this.outcomeArrived = outcomeArrived;
    }

    void add(Signal signal) {
        queue.add(signal);
    }

    @Override
    public void observed(PodScope scope, PodEventType type, Pod pod) {
        add(new Signal.WatchEvent(scope, type, pod));
        if (type == PodEventType.DELETED || endsThePod(pod)) {
            outcomeArrived.run();
        }
    }

    private static boolean endsThePod(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    @Override
    public void launchOutcome(LaunchOutcome outcome) {
        add(new Signal.Launch(outcome));
    }

    @Override
    public void bookmark(PodScope scope, String resourceVersion) {
        add(new Signal.Bookmark(scope, resourceVersion));
    }

    @Override
    public void listed(PodSnapshot snapshot) {
        add(new Signal.Listed(snapshot, true));
    }

    /** Everything carried over and everything received since, oldest first. Scheduler thread only. */
    Deque<Signal> drain() {
        Deque<Signal> signals = new ArrayDeque<>(carried);
        carried.clear();
        for (Signal next = queue.poll(); next != null; next = queue.poll()) {
            signals.add(next);
        }
        return signals;
    }

    /** Keeps signals that were not applied for the next {@link #drain}, ahead of newer ones. Scheduler thread only. */
    void putBack(Deque<Signal> notApplied) {
        List<Signal> rest = List.copyOf(carried);
        carried.clear();
        carried.addAll(notApplied);
        carried.addAll(rest);
    }

    boolean isEmpty() {
        return carried.isEmpty() && queue.isEmpty();
    }
}
