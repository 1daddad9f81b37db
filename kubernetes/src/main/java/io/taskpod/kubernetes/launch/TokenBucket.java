package io.taskpod.kubernetes.launch;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The client-side rate limit on pod creates ({@code api_qps}, {@code api_burst}): holds up to {@code burst}
 * tokens, refilled at {@code qps} per second; a create takes one. It answers "may I create now?" and "how long
 * until I may?" without sleeping, so the launcher requeues instead of blocking (Argo's pattern). A pause (429 with
 * Retry-After) empties the bucket and refills it only from the end of the pause. Thread-safe; time comes from an
 * injected nano-time source.
 */
public final class TokenBucket {

    private final long nanosPerToken;
    private final long capacity;
    private final LongSupplier nanoTime;
    /** Accumulated refill time; one token per {@link #nanosPerToken}. Integers, so waits are exact. */
    private long credit;
    private long refilledAt;

    public TokenBucket(double qps, int burst, LongSupplier nanoTime) {
        if (!(qps > 0) || burst < 1) {
            throw new IllegalArgumentException("qps must be > 0 and burst >= 1, got qps=" + qps + ", burst=" + burst);
        }
        this.nanosPerToken = Math.max(1, Math.round(1_000_000_000d / qps));
        this.capacity = burst > Long.MAX_VALUE / nanosPerToken ? Long.MAX_VALUE : nanosPerToken * burst;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.credit = capacity;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Takes a token if one is there; false means "not now" (see {@link #timeUntilAvailable()}). */
    public synchronized boolean tryAcquire() {
        refill();
        if (credit >= nanosPerToken) {
            credit -= nanosPerToken;
            return true;
        }
        return false;
    }

    /** Zero when {@link #tryAcquire()} would succeed now, else how long until it would. */
    public synchronized Duration timeUntilAvailable() {
        long now = nanoTime.getAsLong();
        refill();
        long pause = Math.max(0, refilledAt - now);
        return Duration.ofNanos(pause + Math.max(0, nanosPerToken - credit));
    }

    /** Stops every create for {@code duration} (the server's Retry-After), then refills from empty. */
    public synchronized void pauseFor(Duration duration) {
        long until = nanoTime.getAsLong() + duration.toNanos();
        credit = 0;
        refilledAt = Math.max(refilledAt, until);
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        if (now <= refilledAt) {
            return;
        }
        long elapsed = now - refilledAt;
        credit = elapsed >= capacity - credit ? capacity : credit + elapsed;
        refilledAt = now;
    }
}
