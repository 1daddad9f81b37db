package io.taskpod.kubernetes.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.testing.InMemoryResourceVersions;
import io.taskpod.kubernetes.testing.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VersionCheckpointTest {

    private static final PodScope DEFAULT = PodScope.namespace("default");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryResourceVersions store = new InMemoryResourceVersions();
    private final VersionCheckpoint checkpoint = new VersionCheckpoint(store, "sched-1", clock);

    @Test
    void savesAVersionOnlyOnceTheSchedulerHasStoredTheEventsDrainedAfterItWasApplied() {
        checkpoint.persistHandedOver(false);
        checkpoint.applied(DEFAULT, "10");
        checkpoint.persistHandedOver(true);
        assertThat(store.saves).as("applied but not yet handed to the scheduler").isEmpty();
        checkpoint.stored();
        checkpoint.persistHandedOver(true);
        assertThat(store.saves).as("stored events were drained before it was applied").isEmpty();
        checkpoint.drained();
        checkpoint.persistHandedOver(true);
        assertThat(store.saves).as("drained, but the scheduler has not stored the events yet").isEmpty();

        checkpoint.stored();
        checkpoint.persistHandedOver(false);

        assertThat(store.saves).containsExactly("sched-1|default=10");
    }

    @Test
    void savesAtMostOncePerIntervalUnlessAskedToSaveNow() {
        checkpoint.applied(DEFAULT, "10");
        handOver();
        checkpoint.persistHandedOver(false);
        checkpoint.applied(DEFAULT, "11");
        handOver();
        checkpoint.persistHandedOver(false);
        assertThat(store.saves).containsExactly("sched-1|default=10");

        clock.advance(VersionCheckpoint.INTERVAL);
        checkpoint.persistHandedOver(false);
        checkpoint.applied(DEFAULT, "12");
        handOver();
        checkpoint.persistHandedOver(true);

        assertThat(store.saves).containsExactly("sched-1|default=10", "sched-1|default=11", "sched-1|default=12");
    }

    @Test
    void theStoredVersionIsReadPerSchedulerAndScopeAndNotSavedAgainUnchanged() {
        store.save("sched-1", "*", "42");
        store.saves.clear();
        PodScope all = PodScope.allNamespaces();

        assertThat(checkpoint.stored(all)).contains("42");
        assertThat(checkpoint.stored(DEFAULT)).isEmpty();
        checkpoint.applied(all, "42");
        handOver();
        checkpoint.persistHandedOver(true);
        assertThat(store.saves).isEmpty();
    }

    /** The scheduler drains the events and stores them. */
    private void handOver() {
        checkpoint.drained();
        checkpoint.stored();
    }
}
