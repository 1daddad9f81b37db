package io.taskpod.store.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.store.StoreFixture;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerRepositoryTest {

    private static final Instant T0 = StoreFixture.T0;

    private final StoreFixture db = StoreFixture.create();
    private final SchedulerRepository schedulers = new SchedulerRepository(db.jdbc);

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void registeringAgainAfterARestartRevivesTheRow() {
        schedulers.register("s1", "host-a", 10, List.of("LocalExecutor"), T0);
        schedulers.markStopped("s1", T0.plusSeconds(5));
        assertThat(schedulers.find("s1").orElseThrow().state()).isEqualTo(SchedulerState.STOPPED);

        schedulers.register("s1", "host-b", 11, List.of("LocalExecutor", "KubernetesExecutor"), T0.plusSeconds(9));

        SchedulerRecord row = schedulers.find("s1").orElseThrow();
        assertThat(row.state()).isEqualTo(SchedulerState.RUNNING);
        assertThat(row.hostname()).isEqualTo("host-b");
        assertThat(row.pid()).contains(11L);
        assertThat(row.executors()).containsExactly("LocalExecutor", "KubernetesExecutor");
        assertThat(row.startedAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(row.endedAt()).isEmpty();
    }

    @Test
    void schedulersWithoutRecentHeartbeatAreDeclaredDeadButNeverTheCaller() {
        schedulers.register("live", "h", 1, List.of(), T0);
        schedulers.register("dead", "h", 2, List.of(), T0);
        schedulers.register("self", "h", 3, List.of(), T0);
        schedulers.heartbeat("live", T0.plusSeconds(60));

        List<String> failed = schedulers.markDeadAsFailed(T0.plusSeconds(30), "self", T0.plusSeconds(61));

        assertThat(failed).containsExactly("dead");
        assertThat(schedulers.find("dead").orElseThrow().state()).isEqualTo(SchedulerState.FAILED);
        assertThat(schedulers.liveIds(T0.plusSeconds(30))).containsExactly("live");
        assertThat(schedulers.listRunning()).extracting(SchedulerRecord::id).containsExactly("live", "self");
    }

    @Test
    void aHeartbeatTellsASchedulerThatOthersDeclaredItDead() {
        schedulers.register("s1", "h", 1, List.of(), T0);
        assertThat(schedulers.heartbeat("s1", T0.plusSeconds(5))).contains(SchedulerState.RUNNING);

        schedulers.markDeadAsFailed(T0.plusSeconds(100), "other", T0.plusSeconds(100));

        assertThat(schedulers.heartbeat("s1", T0.plusSeconds(101))).contains(SchedulerState.FAILED);
        assertThat(schedulers.find("s1").orElseThrow().state()).isEqualTo(SchedulerState.RUNNING);
        assertThat(schedulers.heartbeat("unknown", T0)).isEmpty();
    }
}
