package io.taskpod.store.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.store.StoreFixture;
import io.taskpod.store.scheduler.SchedulerRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PostgresTaskStateLookupTest {

    private final StoreFixture db = StoreFixture.create();
    private final SchedulerRepository schedulers = new SchedulerRepository(db.jdbc);
    private final PostgresTaskStateLookup lookup = new PostgresTaskStateLookup(new TaskInstanceRepository(db.jdbc),
            schedulers, Duration.ofSeconds(30), Clock.fixed(StoreFixture.T0.plusSeconds(60), ZoneOffset.UTC));

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void liveSchedulersAreThoseHeartbeatingWithinTheThreshold() {
        schedulers.register("fresh", "h", 1, List.of(), StoreFixture.T0.plusSeconds(40));
        schedulers.register("stale", "h", 2, List.of(), StoreFixture.T0.plusSeconds(20));
        schedulers.register("stopped", "h", 3, List.of(), StoreFixture.T0.plusSeconds(59));
        schedulers.markStopped("stopped", StoreFixture.T0.plusSeconds(59));

        assertThat(lookup.liveSchedulerIds()).containsExactly("fresh");
    }

    @Test
    void findsTaskInstancesAndThoseASchedulerOwns() {
        db.storeDag(StoreFixture.dag("etl", 16, "a", "b"));
        db.runningRun("etl", "r1", "a", "b");
        db.update("UPDATE task_instance SET state = 'running', try_number = 1, queued_by = 's1' WHERE task_id = 'a'");

        assertThat(lookup.find(new TaskInstanceId("etl", "b", "r1", -1))).isPresent();
        assertThat(lookup.find(new TaskInstanceId("etl", "zzz", "r1", -1))).isEmpty();
        assertThat(lookup.findExecutingQueuedBy("s1")).extracting(t -> t.key().taskId()).containsExactly("a");
    }
}
