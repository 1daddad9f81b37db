package io.taskpod.app.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.taskpod.app.scheduler.LoopPause.End;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopPauseTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration SHORT = Duration.ofMillis(50);
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    private final LoopPause pause = new LoopPause();

    private CompletableFuture<End> awaitInBackground(boolean idle) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return pause.await(HOUR, idle);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Pauses {@link #SHORT} on this thread; a pause that timed out must have lasted that long. */
    private End awaitShort(boolean idle) throws InterruptedException {
        long start = System.nanoTime();
        End end = pause.await(SHORT, idle);
        if (end == End.TIMED_OUT) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT);
        }
        return end;
    }

    @Test
    void aPauseWithNothingPendingLastsItsLength() throws Exception {
        assertThat(awaitShort(true)).isEqualTo(End.TIMED_OUT);
        assertThat(awaitShort(false)).isEqualTo(End.TIMED_OUT);
    }

    @Test
    void anIdlePauseEndsWhenAnExecutorHasOutcomes() throws Exception {
        CompletableFuture<End> paused = awaitInBackground(true);

        pause.eventsPending();

        assertThat(paused.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isEqualTo(End.WOKEN);
        assertThat(pause.stopRequested()).isFalse();
    }

    @Test
    void outcomesSignalledDuringAnIterationEndTheNextIdlePauseAtOnceAndOnlyThatOne() throws Exception {
        pause.eventsPending();

        assertThat(assertTimeoutPreemptively(PROMPTLY, () -> pause.await(HOUR, true))).isEqualTo(End.WOKEN);
        assertThat(awaitShort(true)).isEqualTo(End.TIMED_OUT);
    }

    @Test
    void aBackOffPauseIgnoresOutcomesAndLeavesThemForTheNextIdlePause() throws Exception {
        pause.eventsPending();

        assertThat(awaitShort(false)).isEqualTo(End.TIMED_OUT);
        assertThat(assertTimeoutPreemptively(PROMPTLY, () -> pause.await(HOUR, true))).isEqualTo(End.WOKEN);
    }

    @Test
    void aStopRequestEndsEveryPause() throws Exception {
        CompletableFuture<End> idle = awaitInBackground(true);
        CompletableFuture<End> backOff = awaitInBackground(false);

        pause.requestStop();

        assertThat(idle.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isEqualTo(End.STOPPED);
        assertThat(backOff.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isEqualTo(End.STOPPED);
        assertThat(pause.stopRequested()).isTrue();
        assertThat(assertTimeoutPreemptively(PROMPTLY, () -> pause.await(HOUR, false))).isEqualTo(End.STOPPED);
    }
}
