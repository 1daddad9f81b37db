package io.taskpod.store.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.store.DatabaseSettings;
import io.taskpod.store.StoreFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerIdLockTest {

    private final StoreFixture db = StoreFixture.create();
    private final DatabaseSettings settings = StoreFixture.settings(db.testDatabase);

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void twoProcessesCannotHoldTheSameSchedulerId() {
        try (SchedulerIdLock first = new SchedulerIdLock(settings, "s1");
                SchedulerIdLock second = new SchedulerIdLock(settings, "s1");
                SchedulerIdLock other = new SchedulerIdLock(settings, "s2")) {
            assertThat(first.acquire()).isInstanceOf(SchedulerIdLock.Held.class);
            assertThat(first.acquire()).isInstanceOf(SchedulerIdLock.Held.class);
            assertThat(other.acquire()).isInstanceOf(SchedulerIdLock.Held.class);

            SchedulerIdLock.Outcome outcome = second.acquire();

            assertThat(outcome).isInstanceOf(SchedulerIdLock.HeldElsewhere.class);
            SchedulerIdLock.HeldElsewhere holder = (SchedulerIdLock.HeldElsewhere) outcome;
            assertThat(holder.ownSession()).isFalse();
            assertThat(holder.applicationName()).startsWith("taskpod-scheduler-");
            assertThat(holder.backendPid()).isPositive();
        }
    }

    @Test
    void theIdIsFreeAtOnceWhenItsHolderGoes() {
        try (SchedulerIdLock second = new SchedulerIdLock(settings, "s1")) {
            try (SchedulerIdLock first = new SchedulerIdLock(settings, "s1")) {
                first.acquire();
                assertThat(second.acquire()).isInstanceOf(SchedulerIdLock.HeldElsewhere.class);
            }
            assertThat(second.acquire()).isInstanceOf(SchedulerIdLock.Held.class);
        }
    }

    @Test
    void aLockLostWithItsSessionIsTakenAgainOnTheNextAcquire() {
        try (SchedulerIdLock lock = new SchedulerIdLock(settings, "s1");
                SchedulerIdLock probe = new SchedulerIdLock(settings, "s1")) {
            lock.acquire();
            SchedulerIdLock.HeldElsewhere holder = (SchedulerIdLock.HeldElsewhere) probe.acquire();

            assertThat(probe.terminateHolder(holder.backendPid())).isTrue();

            assertThat(lock.acquire()).isInstanceOf(SchedulerIdLock.Held.class);
            assertThat(probe.acquire()).isInstanceOf(SchedulerIdLock.HeldElsewhere.class);
        }
    }
}
