package io.taskpod.app.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopPauseTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    private final LoopPause pause = new LoopPause();

    private CompletableFuture<Void> awaitInBackground(boolean idle) {
        return CompletableFuture.runAsync(() -> {
            try {
                pause.await(HOUR, idle);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void anIdlePauseEndsWhenAnExecutorHasOutcomes() throws Exception {
        CompletableFuture<Void> paused = awaitInBackground(true);

        pause.eventsPending();

        paused.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
        assertThat(pause.stopRequested()).isFalse();
    }

    @Test
    void outcomesSignalledDuringAnIterationEndTheNextIdlePauseAtOnceAndOnlyThatOne() {
        pause.eventsPending();

        assertTimeoutPreemptively(PROMPTLY, () -> pause.await(HOUR, true));
        assertThat(awaitInBackground(true)).isNotDone();
        pause.requestStop();
    }

    @Test
    void aBackOffPauseIgnoresOutcomesAndLeavesThemForTheNextIdlePause() {
        pause.eventsPending();

        assertThat(awaitInBackground(false)).isNotDone();
        assertTimeoutPreemptively(PROMPTLY, () -> pause.await(HOUR, true));
        pause.requestStop();
    }

    @Test
    void aStopRequestEndsEveryPause() throws Exception {
        CompletableFuture<Void> idle = awaitInBackground(true);
        CompletableFuture<Void> backOff = awaitInBackground(false);

        pause.requestStop();

        CompletableFuture.allOf(idle, backOff).get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
        assertThat(pause.stopRequested()).isTrue();
        assertTimeoutPreemptively(PROMPTLY, () -> pause.await(HOUR, false));
    }
}
