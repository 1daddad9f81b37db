package io.taskpod.store.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.StoreFixture;
import io.taskpod.store.task.TaskInstanceRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DagRunRepositoryTest {

    private final StoreFixture db = StoreFixture.create();
    private final DagRunRepository runs = new DagRunRepository(db.jdbc);
    private final TaskInstanceRepository tis = new TaskInstanceRepository(db.jdbc);

    @AfterEach
    void close() {
        db.close();
    }

    private NewDagRun scheduledRun(String runId, Instant logicalDate) {
        return new NewDagRun(new RunKey("etl", runId), RunType.SCHEDULED, DagRunState.QUEUED, logicalDate,
                Optional.of(logicalDate), Optional.of(logicalDate.plusSeconds(86400)), Optional.empty(), "s1",
                StoreFixture.T0);
    }

    @Test
    void createsARunWithItsTaskInstancesIncludingMappedOnesAndTheirItems() {
        db.storeDag(StoreFixture.dag("etl", 16, "extract", "load", "empty_map"));
        NewDagRun run = new NewDagRun(new RunKey("etl", "manual__1"), RunType.MANUAL, DagRunState.QUEUED,
                StoreFixture.T0, Optional.empty(), Optional.empty(), Optional.of("{\"day\": 1}"), "cli", StoreFixture.T0);
        boolean created = runs.create(run, List.of(
                new NewTaskInstance("extract", -1, Optional.empty(), TaskState.NONE, 2, "default", Optional.empty(), 5),
                new NewTaskInstance("load", 0, Optional.of("\"a\""), TaskState.NONE, 0, "default", Optional.of("LocalExecutor"), 1),
                new NewTaskInstance("load", 1, Optional.of("{\"b\":2}"), TaskState.NONE, 0, "default", Optional.of("LocalExecutor"), 1),
                new NewTaskInstance("empty_map", -1, Optional.empty(), TaskState.SKIPPED, 0, "default", Optional.empty(), 1)));

        assertThat(created).isTrue();
        DagRunRecord stored = runs.find(run.key()).orElseThrow();
        assertThat(stored.state()).isEqualTo(DagRunState.QUEUED);
        assertThat(stored.conf()).contains("{\"day\": 1}");
        assertThat(stored.startedAt()).isEmpty();
        List<TaskInstance> rows = tis.listByRun(run.key());
        assertThat(rows).extracting(ti -> ti.key().taskId() + "/" + ti.key().mapIndex() + "/" + ti.state().dbValue())
                .containsExactly("empty_map/-1/skipped", "extract/-1/none", "load/0/none", "load/1/none");
        assertThat(rows.get(1).maxTries()).isEqualTo(2);
        assertThat(rows.get(1).priorityWeight()).isEqualTo(5);
        assertThat(rows.get(2).executor()).contains("LocalExecutor");
        assertThat(db.count("SELECT count(*) FROM task_instance WHERE task_id = 'load' AND map_index = 1 AND map_item = ?",
                "{\"b\":2}")).isEqualTo(1);
    }

    @Test
    void aSecondScheduledRunForTheSameLogicalDateIsRejectedWithoutPartialRows() {
        db.storeDag(StoreFixture.dag("etl", 16, "extract"));
        NewTaskInstance extract = new NewTaskInstance("extract", -1, Optional.empty(), TaskState.NONE, 0, "default",
                Optional.empty(), 1);

        assertThat(runs.create(scheduledRun("scheduled__a", StoreFixture.T0), List.of(extract))).isTrue();
        assertThat(runs.create(scheduledRun("scheduled__b", StoreFixture.T0), List.of(extract))).isFalse();
        assertThat(runs.create(scheduledRun("scheduled__a", StoreFixture.T0.plusSeconds(86400)), List.of(extract))).isFalse();

        assertThat(db.count("SELECT count(*) FROM dag_run")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM task_instance")).isEqualTo(1);
        assertThat(runs.latestScheduledLogicalDates()).containsEntry("etl", StoreFixture.T0);
    }

    @Test
    void aTestRunStartsRunning() {
        db.storeDag(StoreFixture.dag("etl", 16, "extract"));
        NewDagRun run = new NewDagRun(new RunKey("etl", "test__1"), RunType.TEST, DagRunState.RUNNING, StoreFixture.T0,
                Optional.empty(), Optional.empty(), Optional.empty(), "dags test", StoreFixture.T0);

        runs.create(run, List.of());

        DagRunRecord stored = runs.find(run.key()).orElseThrow();
        assertThat(stored.state()).isEqualTo(DagRunState.RUNNING);
        assertThat(stored.startedAt()).contains(StoreFixture.T0);
        assertThat(runs.listActive(RunScope.ALL_EXCEPT_TEST).running()).isEmpty();
        assertThat(runs.listActive(RunScope.only(run.key())).running()).extracting(DagRunRecord::key)
                .containsExactly(run.key());
    }

    @Test
    void activeRunsAreTheRunningOnesOldestFirstAndWhetherAnyQueuedOneWaits() {
        db.storeDag(StoreFixture.dag("etl", 16, "extract"));
        assertThat(runs.listActive(RunScope.ALL_EXCEPT_TEST)).isEqualTo(new ActiveRuns(List.of(), false));
        db.run("etl", "late", DagRunState.RUNNING, StoreFixture.T0.plusSeconds(60));
        db.run("etl", "early", DagRunState.RUNNING, StoreFixture.T0);
        db.run("etl", "done", DagRunState.RUNNING, StoreFixture.T0);
        runs.finish(new RunKey("etl", "done"), DagRunState.SUCCESS, StoreFixture.T0);

        ActiveRuns running = runs.listActive(RunScope.ALL_EXCEPT_TEST);
        db.run("etl", "waiting", DagRunState.QUEUED, StoreFixture.T0.plusSeconds(120));
        ActiveRuns withQueued = runs.listActive(RunScope.ALL_EXCEPT_TEST);

        assertThat(running.running()).extracting(DagRunRecord::runId).containsExactly("early", "late");
        assertThat(running.anyQueued()).isFalse();
        assertThat(withQueued.running()).extracting(DagRunRecord::runId).containsExactly("early", "late");
        assertThat(withQueued.anyQueued()).isTrue();
        assertThat(runs.listActive(RunScope.only(new RunKey("etl", "early"))).anyQueued()).isFalse();
    }

    @Test
    void startsQueuedRunsTheChooserPicksAndShowsItWhatIsRunning() {
        db.storeDag(StoreFixture.dag("etl", 16, "extract"));
        db.run("etl", "r0", DagRunState.RUNNING, StoreFixture.T0);
        db.run("etl", "r2", DagRunState.QUEUED, StoreFixture.T0.plusSeconds(2));
        db.run("etl", "r1", DagRunState.QUEUED, StoreFixture.T0.plusSeconds(1));
        List<QueuedRuns> seen = new ArrayList<>();

        List<RunKey> started = runs.startQueuedRuns(RunScope.ALL_EXCEPT_TEST, StoreFixture.T0.plusSeconds(5), candidates -> {
            seen.addAll(candidates);
            return List.of(candidates.getFirst().queued().getFirst().key());
        });

        assertThat(seen).hasSize(1);
        assertThat(seen.getFirst().running()).isEqualTo(1);
        assertThat(seen.getFirst().maxActiveRuns()).isEqualTo(16);
        assertThat(seen.getFirst().queued()).extracting(DagRunRecord::runId).containsExactly("r1", "r2");
        assertThat(started).containsExactly(new RunKey("etl", "r1"));
        DagRunRecord r1 = runs.find(new RunKey("etl", "r1")).orElseThrow();
        assertThat(r1.state()).isEqualTo(DagRunState.RUNNING);
        assertThat(r1.startedAt()).contains(StoreFixture.T0.plusSeconds(5));
        assertThat(runs.countUnfinishedByDag()).containsEntry("etl", 3);
    }

    @Test
    void finishingIsACompareAndSetOnRunning() {
        db.storeDag(StoreFixture.dag("etl", 16, "extract"));
        RunKey run = db.runningRun("etl", "r1", "extract");
        assertThat(runs.finish(run, DagRunState.SUCCESS, StoreFixture.T0)).as("extract has not run").isFalse();
        db.update("UPDATE task_instance SET state = 'success' WHERE run_id = 'r1'");

        assertThat(runs.finish(run, DagRunState.SUCCESS, StoreFixture.T0)).isTrue();
        assertThat(runs.finish(run, DagRunState.FAILED, StoreFixture.T0)).isFalse();

        DagRunRecord stored = runs.find(run).orElseThrow();
        assertThat(stored.state()).isEqualTo(DagRunState.SUCCESS);
        assertThat(stored.endedAt()).contains(StoreFixture.T0);
    }

    @Test
    void tellsWhichDagsHaveRuns() {
        db.storeDag(StoreFixture.dag("etl", 16, "extract"));
        db.runningRun("etl", "r1", "extract");

        assertThat(runs.hasRuns(List.of("etl", "other"))).containsEntry("etl", true).containsEntry("other", false);
        assertThat(runs.listByDag("etl", 10)).extracting(DagRunRecord::runId).containsExactly("r1");
    }

    @Test
    void recentRunsAreTheNewestFewOfEachDagNewestFirst() {
        db.storeDag(StoreFixture.dag("etl", 16, "extract"));
        db.storeDag(StoreFixture.dag("report", 16, "extract"));
        for (int day = 0; day < 4; day++) {
            db.run("etl", "e" + day, DagRunState.QUEUED, StoreFixture.T0.plusSeconds(86400L * day));
        }
        db.run("report", "r0", DagRunState.RUNNING, StoreFixture.T0);

        var recent = runs.recentByDag(3);

        assertThat(recent.keySet()).containsExactly("etl", "report");
        assertThat(recent.get("etl")).extracting(DagRunRecord::runId).containsExactly("e3", "e2", "e1");
        assertThat(recent.get("report")).extracting(DagRunRecord::state).containsExactly(DagRunState.RUNNING);
    }
}
