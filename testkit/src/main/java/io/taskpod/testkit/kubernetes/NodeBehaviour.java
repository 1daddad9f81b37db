package io.taskpod.testkit.kubernetes;

import java.time.Duration;

/**
 * What a {@link TestKubelet} does with a pod, chosen per pod by the test's scripts. The default, {@link Run},
 * runs the container like a node; the others reproduce the node-side failures an executor must handle.
 */
public sealed interface NodeBehaviour {

    /** Pull, start, run the {@code base} container's command to its end, report its exit. */
    record Run() implements NodeBehaviour {}

    /** Like {@link Run}, but the container stays {@code ContainerCreating} for {@code delay} first. */
    record DelayedStart(Duration delay) implements NodeBehaviour {}

    /**
     * The image never pulls: waiting {@code ErrImagePull} with {@code message}, then every {@code interval}
     * alternately {@code ImagePullBackOff} ({@code Back-off pulling image "IMAGE"}) and {@code ErrImagePull}, as a
     * kubelet's back-off does; each update is a real change, so watches see a MODIFIED event for each.
     */
    record ImagePullFailure(String message, Duration interval) implements NodeBehaviour {}

    /** The scheduler finds no node: never bound, {@code PodScheduled=False} with reason {@code Unschedulable}. */
    record Unschedulable(String message) implements NodeBehaviour {}

    /**
     * The container is started, then OOM-killed {@code after} its start (SIGKILL): terminated with reason
     * {@code OOMKilled} and exit code 137, phase {@code Failed}. A process that ends sooner is reported as
     * OOM-killed at that moment.
     */
    record OomKilled(Duration after) implements NodeBehaviour {}

    /**
     * The node evicts the pod {@code after} its start: the process is killed (SIGTERM, SIGKILL after the grace
     * period), phase {@code Failed} with reason {@code Evicted} and {@code message}, container exit code 137. A
     * process that ends sooner is reported as evicted at that moment.
     */
    record Evicted(Duration after, String message) implements NodeBehaviour {}

    /**
     * The container crashes {@code after} its start with {@code exitCode}: the process is killed then, or ends
     * sooner by itself, and the exit is reported as {@code exitCode} (reason {@code Error}, {@code Completed}
     * for 0).
     */
    record Crash(int exitCode, Duration after) implements NodeBehaviour {}

    /** The default: run the container. */
    static NodeBehaviour run() {
        return new Run();
    }

    /** {@link DelayedStart} by {@code delay}. */
    static NodeBehaviour delayedStart(Duration delay) {
        return new DelayedStart(delay);
    }

    /** {@link ImagePullFailure} with a registry's not-found message, backing off every {@code interval}. */
    static NodeBehaviour imagePullFailure(Duration interval) {
        return new ImagePullFailure("rpc error: code = NotFound desc = failed to pull and unpack image: not found",
                interval);
    }

    /** {@link Unschedulable} with the scheduler's insufficient-memory message. */
    static NodeBehaviour unschedulable() {
        return new Unschedulable("0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are"
                + " available: 1 No preemption victims found for incoming pod.");
    }

    /** {@link OomKilled} right after the start. */
    static NodeBehaviour oomKilled() {
        return new OomKilled(Duration.ZERO);
    }

    /** {@link Evicted} right after the start, for memory pressure. */
    static NodeBehaviour evicted() {
        return new Evicted(Duration.ZERO, "The node was low on resource: memory. Threshold quantity: 100Mi,"
                + " available: 42Mi.");
    }

    /** {@link Crash} right after the start with {@code exitCode}. */
    static NodeBehaviour crash(int exitCode) {
        return new Crash(exitCode, Duration.ZERO);
    }
}
