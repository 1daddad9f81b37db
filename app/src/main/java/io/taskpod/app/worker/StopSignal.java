package io.taskpod.app.worker;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A request, from outside the worker, to stop its task: SIGTERM to the worker (pod deleted, scheduler stopping)
 * or the in-process executor shutting down. The first request wins.
 */
public final class StopSignal {

    /**
     * Why the task should stop, and whether the worker should still record the try as failed ({@code false} when the
     * executor revokes the try: the scheduler decides what happens to it).
     */
    public record Request(String reason, boolean recordFailure) {}

    private final CompletableFuture<Request> requested = new CompletableFuture<>();

    /** Asks the worker to stop its task and record the failure. */
    public void requestStop(String reason) {
        requested.complete(new Request(reason, true));
    }

    /** Asks the worker to stop its task without recording anything. */
    public void requestRevoke(String reason) {
        requested.complete(new Request(reason, false));
    }

    public Optional<Request> request() {
        return Optional.ofNullable(requested.getNow(null));
    }

    CompletableFuture<Request> future() {
        return requested;
    }
}
