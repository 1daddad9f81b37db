package io.taskpod.store.dag;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.store.operate.Actor;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.Schedule;
import io.taskpod.store.StoreFixture;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DagRepositoryTest {

    private final StoreFixture db = StoreFixture.create();
    private final DagRepository dags = new DagRepository(db.jdbc);

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void upsertInsertsNewDagsUnpausedAndRefreshesExistingOnesKeepingThePausedFlag() {
        Dag first = StoreFixture.dag("etl", 4, "extract");
        dags.upsert(List.of(first), StoreFixture.T0);
        assertThat(dags.setPaused("etl", true, new Actor("test"))).isTrue();

        Dag changed = new Dag("etl", "nightly", new Schedule.Cron("@daily", "0 0 * * *"), Optional.empty(), true, 3, 7,
                List.of(), first.tasks(), "sub/etl.yaml", first.fileloc());
        Instant later = StoreFixture.T0.plusSeconds(60);
        dags.upsert(List.of(changed), later);

        DagRecord row = dags.find("etl").orElseThrow();
        assertThat(row.paused()).isTrue();
        assertThat(row.active()).isTrue();
        assertThat(row.fileloc()).isEqualTo("sub/etl.yaml");
        assertThat(row.description()).isEqualTo("nightly");
        assertThat(row.schedule()).contains("@daily");
        assertThat(row.maxActiveRuns()).isEqualTo(3);
        assertThat(row.maxActiveTasks()).isEqualTo(7);
        assertThat(row.lastParsedAt()).isEqualTo(later);
    }

    @Test
    void dagsNoLongerParsedAreMarkedInactiveAndComeBackWhenParsedAgain() {
        dags.upsert(List.of(StoreFixture.dag("a", 1, "t"), StoreFixture.dag("b", 1, "t")), StoreFixture.T0);

        assertThat(dags.deactivateAllExcept(List.of("a"))).containsExactly("b");
        assertThat(dags.find("b").orElseThrow().active()).isFalse();

        dags.upsert(List.of(StoreFixture.dag("b", 1, "t")), StoreFixture.T0);
        assertThat(dags.find("b").orElseThrow().active()).isTrue();
        assertThat(dags.deactivateAllExcept(List.of("a", "b"))).isEmpty();
    }

    @Test
    void pausingAnUnknownDagReportsIt() {
        assertThat(dags.setPaused("missing", true, new Actor("test"))).isFalse();
    }

    @Test
    void schedulesAreStoredAsWritten() {
        assertThat(DagRepository.scheduleText(new Schedule.None())).isEmpty();
        assertThat(DagRepository.scheduleText(new Schedule.Once())).contains("@once");
        assertThat(DagRepository.scheduleText(new Schedule.Cron("*/5 * * * *", "*/5 * * * *"))).contains("*/5 * * * *");
    }
}
