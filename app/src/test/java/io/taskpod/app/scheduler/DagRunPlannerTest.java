package io.taskpod.app.scheduler;

import static io.taskpod.app.scheduler.TestDags.dag;
import static io.taskpod.app.scheduler.TestDags.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.model.DagRunState;
import io.taskpod.store.run.NewDagRun;
import io.taskpod.store.run.NewTaskInstance;
import io.taskpod.store.run.RunType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DagRunPlannerTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00.5Z");

    @Test
    void oneTaskInstancePerTaskAndOnePerItemOfAMappedTask() {
        Dag dag = dag("d")
                .task(task("plain").retries(3, Duration.ofSeconds(5)).priority(7).executor("KubernetesExecutor"))
                .task(task("mapped").expand("x", 2, Map.of("k", List.of(true))))
                .task(task("nothing").expand())
                .build();

        List<NewTaskInstance> rows = DagRunPlanner.taskInstances(dag);

        assertThat(rows).extracting(r -> r.taskId() + "[" + r.mapIndex() + "]=" + r.mapItem().orElse("-") + " "
                        + r.state().dbValue())
                .containsExactly("plain[-1]=- none", "mapped[0]=\"x\" none", "mapped[1]=2 none",
                        "mapped[2]={\"k\":[true]} none", "nothing[-1]=- skipped");
        NewTaskInstance plain = rows.getFirst();
        assertThat(plain.maxTries()).isEqualTo(3);
        assertThat(plain.priorityWeight()).isEqualTo(7);
        assertThat(plain.executor()).contains("KubernetesExecutor");
    }

    @Test
    void runsCarryTheirTypeStateAndIds() {
        Dag dag = dag("d").task(task("t")).build();

        NewDagRun manual = DagRunPlanner.manual(dag, Optional.empty(), Optional.of("{}"), "cli", NOW);
        NewDagRun named = DagRunPlanner.manual(dag, Optional.of("my-run"), Optional.empty(), "cli", NOW);
        NewDagRun test = DagRunPlanner.test(dag, "dags test", NOW);

        assertThat(manual.key().runId()).isEqualTo("manual__2025-03-01T10:00:00.5+00:00");
        assertThat(manual.state()).isEqualTo(DagRunState.QUEUED);
        assertThat(manual.conf()).contains("{}");
        assertThat(named.key().runId()).isEqualTo("my-run");
        assertThat(test.runType()).isEqualTo(RunType.TEST);
        assertThat(test.state()).isEqualTo(DagRunState.RUNNING);
    }
}
