package io.taskpod.app.api.browser;

import static io.taskpod.app.api.browser.BrowserTestBed.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.api.browser.UiFixture.Task;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.dag.DagRepository;
import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.RunKey;
import io.taskpod.store.task.TaskInstanceRepository;
import io.taskpod.store.task.TaskTransition;
import io.taskpod.store.task.TransitionRepository;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Every action of the page, as an op user: each dialog shows what the action will touch before it acts, cancelling it
 * sends nothing, and confirming it changes what the page shows without a reload; the test then reads what the database
 * holds, and who the transitions name.
 */
@ExtendWith(BrowserTestBed.Resolver.class)
class WebUiActionsBrowserTest {

    private static final Instant LOGICAL = Instant.parse("2025-05-01T00:00:00Z");
    private static final List<Task> OPS_TASKS = List.of(Task.of("first"), Task.of("second"), Task.of("third"));

    private static RunKey run(BrowserTestBed bed, String runId, int day) {
        RunKey run = bed.fixture.run("ops", runId, LOGICAL.plusSeconds(86400L * day), OPS_TASKS);
        bed.fixture.runState(run, DagRunState.RUNNING, Instant.now());
        return run;
    }

    private static TaskState state(BrowserTestBed bed, RunKey run, String taskId) {
        return state(bed, run, taskId, -1);
    }

    private static TaskState state(BrowserTestBed bed, RunKey run, String taskId, int mapIndex) {
        return new TaskInstanceRepository(bed.jdbc).find(new TaskInstanceId(run.dagId(), taskId, run.runId(), mapIndex))
                .map(TaskInstance::state).orElseThrow();
    }

    /** The states of first, second and third. */
    private static List<TaskState> states(BrowserTestBed bed, RunKey run) {
        return OPS_TASKS.stream().map(task -> state(bed, run, task.taskId())).toList();
    }

    private static DagRunRecord runRow(BrowserTestBed bed, RunKey run) {
        return new DagRunRepository(bed.jdbc).find(run).orElseThrow();
    }

    /** The task instances the open dialog says it will touch, as "task: now -> becomes". */
    private static List<String> touches(BrowserTestBed bed) {
        bed.page.await().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#dialog [data-action=confirm]")));
        return bed.page.all("#dialog [data-touches] tbody tr").stream().map(row -> {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            return cells.get(0).getText() + ": " + cells.get(2).getText() + " -> " + cells.get(3).getText();
        }).toList();
    }

    /** The runs the open dialog's table names, one per task instance it will touch. */
    private static List<String> runsTouched(BrowserTestBed bed) {
        return bed.page.all("#dialog [data-touches] tbody tr").stream()
                .map(row -> row.findElements(By.tagName("td")).get(1).getText()).toList();
    }

    /**
     * Opens the dialog of {@code action}, checks that it names {@code title} and {@code touches}, closes it with Cancel
     * and checks that the page sent nothing that changes anything.
     */
    private static void openAndCancel(BrowserTestBed bed, String action, String title, List<String> touches) {
        bed.page.find("#main [data-action=" + action + "]").click();
        assertThat(bed.page.dialogTitle()).isEqualTo(title);
        assertThat(touches(bed)).isEqualTo(touches);
        bed.page.cancelDialog();
        assertThat(bed.page.changesSent()).as("requests sent by a cancelled dialog").isEmpty();
    }

    /** The state the run page shows for each task instance, as "task: state". */
    private static List<String> statesShown(BrowserTestBed bed) {
        return bed.page.all("#task-instances tbody tr").stream().map(row ->
                row.findElement(By.cssSelector("[data-task]")).getText() + ": "
                        + row.findElement(By.cssSelector("[data-state]")).getText()).toList();
    }

    private static TaskTransition lastTransition(BrowserTestBed bed, RunKey run, String taskId) {
        return new TransitionRepository(bed.jdbc).forTaskInstance(new TaskInstanceId("ops", taskId, run.runId(), -1))
                .getLast();
    }

    private static void confirm(BrowserTestBed bed, String toast) {
        bed.page.find("#dialog [data-action=confirm]").click();
        bed.page.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("toasts"), toast));
    }

    @Test
    void triggerChecksTheConfBeforeSendingItAndOpensTheNewRun(BrowserTestBed bed) {
        bed.open(OPERATOR, "/dags/ops/grid");
        bed.page.find("[data-action=trigger]").click();
        bed.page.type("#trigger-run-id", "act_trigger");
        WebElement confirm = bed.page.find("#dialog [data-action=confirm]");

        bed.page.type("#trigger-conf", "{\"day\": ");
        assertThat(bed.page.find("[data-conf-error]").getText()).startsWith("conf is not valid JSON");
        assertThat(confirm.isEnabled()).isFalse();
        bed.page.type("#trigger-conf", "[1, 2]");
        assertThat(bed.page.find("[data-conf-error]").getText()).startsWith("conf must be a JSON object");
        assertThat(confirm.isEnabled()).isFalse();
        bed.page.type("#trigger-conf", "{\"day\": \"2025-01-02\"}");
        assertThat(confirm.isEnabled()).isTrue();
        assertThat(bed.page.find("#dialog [data-touches]").getText()).contains("act_trigger")
                .contains("{\"day\":\"2025-01-02\"}");
        bed.page.screenshot("trigger-dialog");

        confirm.click();
        bed.page.awaitPath("/dags/ops/runs/act_trigger");
        DagRunRecord created = runRow(bed, new RunKey("ops", "act_trigger"));
        assertThat(created.conf()).hasValueSatisfying(conf -> assertThat(conf).contains("\"day\": \"2025-01-02\""));
        assertThat(created.createdBy()).contains(OPERATOR);
        assertThat(created.state()).isEqualTo(DagRunState.QUEUED);
    }

    @Test
    void clearShowsTheApisDryRunForTheChosenOptionsThenClearsWithDownstreamOrOnlyTheFailed(BrowserTestBed bed) {
        RunKey run = run(bed, "act_clear", 1);
        bed.fixture.tryTo(run, "first", -1, 1, TaskState.FAILED, Instant.now());
        bed.fixture.move(run, "second", -1, 0, TaskState.UPSTREAM_FAILED, Instant.now(), "upstream failed");
        bed.fixture.move(run, "third", -1, 0, TaskState.UPSTREAM_FAILED, Instant.now(), "upstream failed");
        bed.open(OPERATOR, "/dags/ops/runs/act_clear/tasks/first");

        bed.page.find("[data-action=clear]").click();
        assertThat(touches(bed)).containsExactly("first: failed -> none", "second: upstream_failed -> none",
                "third: upstream_failed -> none");
        bed.page.screenshot("clear-dialog");
        bed.page.find("#dialog input[name=include_downstream]").click();
        bed.page.await().until(driver -> touches(bed).equals(List.of("first: failed -> none")));
        bed.page.find("#dialog input[name=include_downstream]").click();
        bed.page.await().until(driver -> touches(bed).size() == 3);
        confirm(bed, "Cleared 3 task instance(s)");

        assertThat(states(bed, run))
                .containsOnly(TaskState.NONE);
        assertThat(new TransitionRepository(bed.jdbc).forTaskInstance(new TaskInstanceId("ops", "first", "act_clear", -1))
                .getLast().changedBy()).contains(OPERATOR);
        bed.page.await().until(ExpectedConditions.textToBe(By.id("ti-state"), "none"));

        bed.fixture.tryTo(run, "first", -1, 2, TaskState.SUCCESS, Instant.now());
        bed.fixture.tryTo(run, "second", -1, 1, TaskState.FAILED, Instant.now());
        bed.fixture.move(run, "third", -1, 0, TaskState.UPSTREAM_FAILED, Instant.now(), "upstream failed");
        bed.page.await().until(ExpectedConditions.textToBe(By.id("ti-state"), "success"));
        bed.page.find("[data-action=clear]").click();
        bed.page.await().until(driver -> touches(bed).size() == 3);
        bed.page.find("#dialog input[name=only_failed]").click();
        bed.page.await().until(driver -> touches(bed).equals(List.of("second: failed -> none",
                "third: upstream_failed -> none")));
        confirm(bed, "Cleared 2 task instance(s)");
        assertThat(states(bed, run)).containsExactly(TaskState.SUCCESS, TaskState.NONE, TaskState.NONE);
    }

    @Test
    void markingATaskInstanceSuccessOrFailedSetsItAndWhatTheDialogListed(BrowserTestBed bed) {
        RunKey run = run(bed, "act_mark", 2);
        bed.fixture.tryTo(run, "first", -1, 1, TaskState.RUNNING, Instant.now());
        bed.open(OPERATOR, "/dags/ops/runs/act_mark/tasks/first");
        bed.page.await().until(ExpectedConditions.textToBe(By.id("ti-state"), "running"));
        bed.page.recordChanges();

        openAndCancel(bed, "mark-success", "Mark first success", List.of("first: running -> success"));
        assertThat(states(bed, run)).containsExactly(TaskState.RUNNING, TaskState.NONE, TaskState.NONE);
        assertThat(bed.page.find("#ti-state").getText()).isEqualTo("running");

        bed.page.find("[data-action=mark-success]").click();
        assertThat(touches(bed)).containsExactly("first: running -> success");
        bed.page.screenshot("mark-dialog");
        bed.page.find("#dialog input[name=include_downstream]").click();
        bed.page.await().until(driver -> touches(bed).equals(List.of("first: running -> success", "second: none -> success",
                "third: none -> success")));
        assertThat(runsTouched(bed)).containsOnly("act_mark");
        confirm(bed, "Marked 3 task instance(s) success");
        assertThat(bed.page.changesSent())
                .containsExactly("PATCH /api/v1/dags/ops/runs/act_mark/tasks/first?map_index=-1");
        assertThat(states(bed, run))
                .containsOnly(TaskState.SUCCESS);
        assertThat(lastTransition(bed, run, "first")).satisfies(transition -> {
            assertThat(transition.to()).isEqualTo(TaskState.SUCCESS);
            assertThat(transition.changedBy()).contains(OPERATOR);
        });
        bed.page.await().until(ExpectedConditions.textToBe(By.id("ti-state"), "success"));
        assertThat(bed.page.transitionsShown()).last()
                .isEqualTo("running -> success by " + OPERATOR + ": marked success by " + OPERATOR);
        assertThat(bed.page.find("[data-action=mark-success]").isEnabled()).isFalse();
        assertThat(bed.page.sameDocument()).as("the page was not loaded again").isTrue();

        bed.open(OPERATOR, "/dags/ops/runs/act_mark/tasks/third");
        bed.page.await().until(ExpectedConditions.textToBe(By.id("ti-state"), "success"));
        bed.page.recordChanges();
        openAndCancel(bed, "mark-failed", "Mark third failed", List.of("third: success -> failed"));
        assertThat(state(bed, run, "third")).isEqualTo(TaskState.SUCCESS);
        bed.page.find("[data-action=mark-failed]").click();
        assertThat(touches(bed)).containsExactly("third: success -> failed");
        confirm(bed, "Marked 1 task instance(s) failed");
        assertThat(bed.page.changesSent())
                .containsExactly("PATCH /api/v1/dags/ops/runs/act_mark/tasks/third?map_index=-1");
        assertThat(state(bed, run, "third")).isEqualTo(TaskState.FAILED);
        assertThat(state(bed, run, "second")).isEqualTo(TaskState.SUCCESS);
        assertThat(lastTransition(bed, run, "third").changedBy()).contains(OPERATOR);
        bed.page.await().until(ExpectedConditions.textToBe(By.id("ti-state"), "failed"));
        assertThat(bed.page.transitionsShown()).last()
                .isEqualTo("success -> failed by " + OPERATOR + ": marked failed by " + OPERATOR);
        assertThat(bed.page.find("[data-action=mark-failed]").isEnabled()).isFalse();
        assertThat(bed.page.find("[data-action=mark-success]").isEnabled()).isTrue();
        assertThat(bed.page.sameDocument()).as("the page was not loaded again").isTrue();
    }

    @Test
    void markingOneMapIndexWithDownstreamMarksThatIndexAndTheDownstreamTasks(BrowserTestBed bed) {
        RunKey run = bed.fixture.run("etl", "act_mark_mapped", LOGICAL.plusSeconds(86400L * 6), UiFixture.ETL_TASKS);
        bed.fixture.runState(run, DagRunState.RUNNING, Instant.now());
        bed.fixture.tryTo(run, "extract", -1, 1, TaskState.SUCCESS, Instant.now());
        bed.fixture.tryTo(run, "per_region", 0, 1, TaskState.SUCCESS, Instant.now());
        bed.fixture.tryTo(run, "per_region", 1, 1, TaskState.FAILED, Instant.now());
        bed.fixture.tryTo(run, "per_region", 2, 1, TaskState.FAILED, Instant.now());
        bed.fixture.move(run, "load", -1, 0, TaskState.UPSTREAM_FAILED, Instant.now(), "upstream failed");
        bed.fixture.move(run, "report", -1, 0, TaskState.UPSTREAM_FAILED, Instant.now(), "upstream failed");
        bed.open(OPERATOR, "/dags/etl/runs/act_mark_mapped/tasks/per_region?map_index=1");
        bed.page.await().until(ExpectedConditions.textToBe(By.id("ti-state"), "failed"));
        bed.page.recordChanges();

        bed.page.find("[data-action=mark-success]").click();
        assertThat(bed.page.dialogTitle()).isEqualTo("Mark per_region[1] success");
        assertThat(touches(bed)).containsExactly("per_region[1]: failed -> success");
        bed.page.find("#dialog input[name=include_downstream]").click();
        bed.page.await().until(driver -> touches(bed).equals(List.of("per_region[1]: failed -> success",
                "load: upstream_failed -> success", "report: upstream_failed -> success")));
        bed.page.screenshot("mark-map-index-dialog");
        confirm(bed, "Marked 3 task instance(s) success");
        assertThat(bed.page.changesSent())
                .containsExactly("PATCH /api/v1/dags/etl/runs/act_mark_mapped/tasks/per_region?map_index=1");

        assertThat(List.of(state(bed, run, "per_region", 0), state(bed, run, "per_region", 1),
                state(bed, run, "per_region", 2), state(bed, run, "load"), state(bed, run, "report")))
                .containsExactly(TaskState.SUCCESS, TaskState.SUCCESS, TaskState.FAILED, TaskState.SUCCESS,
                        TaskState.SUCCESS);
        assertThat(state(bed, run, "transform")).isEqualTo(TaskState.NONE);
        bed.page.await().until(ExpectedConditions.textToBe(By.id("ti-state"), "success"));
        assertThat(bed.page.sameDocument()).as("the page was not loaded again").isTrue();
    }

    @Test
    void cancellingARunStopsItsRunningTryAndSkipsWhatHasNotStarted(BrowserTestBed bed) {
        RunKey run = run(bed, "act_cancel", 3);
        bed.fixture.tryTo(run, "first", -1, 1, TaskState.RUNNING, Instant.now());
        bed.open(OPERATOR, "/dags/ops/runs/act_cancel");
        bed.page.await().until(ExpectedConditions.textToBe(By.id("run-state"), "running"));
        bed.page.recordChanges();
        List<String> touched = List.of("first: running -> failed", "second: none -> skipped", "third: none -> skipped");

        openAndCancel(bed, "cancel", "Cancel run act_cancel", touched);
        assertThat(runRow(bed, run).state()).isEqualTo(DagRunState.RUNNING);
        assertThat(states(bed, run)).containsExactly(TaskState.RUNNING, TaskState.NONE, TaskState.NONE);
        assertThat(bed.page.find("#run-state").getText()).isEqualTo("running");

        bed.page.find("#main [data-action=cancel]").click();
        assertThat(touches(bed)).isEqualTo(touched);
        assertThat(runsTouched(bed)).containsOnly("act_cancel");
        assertThat(bed.page.find("#dialog [data-touches]").getText()).contains("Run act_cancel: running → failed");
        bed.page.screenshot("cancel-dialog");
        confirm(bed, "Cancelled run act_cancel");
        assertThat(bed.page.changesSent()).containsExactly("POST /api/v1/dags/ops/runs/act_cancel/cancel");

        assertThat(runRow(bed, run).state()).isEqualTo(DagRunState.FAILED);
        assertThat(states(bed, run))
                .containsExactly(TaskState.FAILED, TaskState.SKIPPED, TaskState.SKIPPED);
        assertThat(lastTransition(bed, run, "first")).satisfies(transition -> {
            assertThat(transition.changedBy()).contains(OPERATOR);
            assertThat(transition.reason()).contains("cancelled by " + OPERATOR);
        });
        bed.page.await().until(ExpectedConditions.textToBe(By.id("run-state"), "failed"));
        assertThat(statesShown(bed)).containsExactly("first: failed", "second: skipped", "third: skipped");
        assertThat(bed.page.find("#main [data-action=cancel]").isEnabled()).isFalse();
        assertThat(bed.page.sameDocument()).as("the page was not loaded again").isTrue();

        bed.page.find("#task-instances [data-task=first]").click();
        bed.page.awaitPath("/dags/ops/runs/act_cancel/tasks/first");
        bed.page.await().until(driver -> bed.page.transitionsShown().contains(
                "running -> failed by " + OPERATOR + ": cancelled by " + OPERATOR));
    }

    @Test
    void markingARunSuccessSucceedsItsUnfinishedTaskInstances(BrowserTestBed bed) {
        RunKey run = run(bed, "act_mark_run", 4);
        bed.fixture.tryTo(run, "first", -1, 1, TaskState.FAILED, Instant.now());
        bed.open(OPERATOR, "/dags/ops/runs/act_mark_run");
        bed.page.await().until(ExpectedConditions.textToBe(By.id("run-state"), "running"));
        bed.page.recordChanges();
        List<String> touched = List.of("second: none -> success", "third: none -> success");

        openAndCancel(bed, "mark-run-success", "Mark run success: act_mark_run", touched);
        assertThat(runRow(bed, run).state()).isEqualTo(DagRunState.RUNNING);
        assertThat(states(bed, run)).containsExactly(TaskState.FAILED, TaskState.NONE, TaskState.NONE);

        bed.page.find("[data-action=mark-run-success]").click();
        assertThat(touches(bed)).isEqualTo(touched);
        assertThat(runsTouched(bed)).containsOnly("act_mark_run");
        assertThat(bed.page.find("#dialog [data-touches]").getText()).contains("Run act_mark_run: running → success");
        bed.page.screenshot("mark-run-dialog");
        confirm(bed, "Marked run success: act_mark_run");
        assertThat(bed.page.changesSent()).containsExactly("PATCH /api/v1/dags/ops/runs/act_mark_run");

        assertThat(runRow(bed, run).state()).isEqualTo(DagRunState.SUCCESS);
        assertThat(states(bed, run))
                .containsExactly(TaskState.FAILED, TaskState.SUCCESS, TaskState.SUCCESS);
        assertThat(lastTransition(bed, run, "third").changedBy()).contains(OPERATOR);
        bed.page.await().until(ExpectedConditions.textToBe(By.id("run-state"), "success"));
        assertThat(statesShown(bed)).containsExactly("first: failed", "second: success", "third: success");
        assertThat(bed.page.find("[data-action=mark-run-success]").isEnabled()).isFalse();
        assertThat(bed.page.find("#main [data-action=cancel]").isEnabled()).isFalse();
        assertThat(bed.page.sameDocument()).as("the page was not loaded again").isTrue();

        bed.page.find("#task-instances [data-task=third]").click();
        bed.page.awaitPath("/dags/ops/runs/act_mark_run/tasks/third");
        bed.page.await().until(driver -> bed.page.transitionsShown().contains(
                "none -> success by " + OPERATOR + ": marked success by " + OPERATOR));
    }

    @Test
    void markingARunFailedFailsItsRunningTrySkipsWhatHasNotStartedAndKeepsWhatFinished(BrowserTestBed bed) {
        RunKey run = run(bed, "act_fail_run", 5);
        bed.fixture.tryTo(run, "first", -1, 1, TaskState.SUCCESS, Instant.now());
        bed.fixture.tryTo(run, "second", -1, 1, TaskState.RUNNING, Instant.now());
        bed.open(OPERATOR, "/dags/ops/runs/act_fail_run");
        bed.page.await().until(ExpectedConditions.textToBe(By.id("run-state"), "running"));
        bed.page.recordChanges();
        List<String> touched = List.of("second: running -> failed", "third: none -> skipped");

        openAndCancel(bed, "mark-run-failed", "Mark run failed: act_fail_run", touched);
        assertThat(runRow(bed, run).state()).isEqualTo(DagRunState.RUNNING);
        assertThat(states(bed, run)).containsExactly(TaskState.SUCCESS, TaskState.RUNNING, TaskState.NONE);
        assertThat(bed.page.find("#run-state").getText()).isEqualTo("running");

        bed.page.find("[data-action=mark-run-failed]").click();
        assertThat(touches(bed)).isEqualTo(touched);
        assertThat(runsTouched(bed)).containsOnly("act_fail_run");
        assertThat(bed.page.find("#dialog [data-touches]").getText()).contains("Run act_fail_run: running → failed");
        bed.page.screenshot("mark-run-failed-dialog");
        confirm(bed, "Marked run failed: act_fail_run");
        assertThat(bed.page.changesSent()).containsExactly("PATCH /api/v1/dags/ops/runs/act_fail_run");

        assertThat(runRow(bed, run).state()).isEqualTo(DagRunState.FAILED);
        assertThat(runRow(bed, run).endedAt()).isPresent();
        assertThat(states(bed, run)).containsExactly(TaskState.SUCCESS, TaskState.FAILED, TaskState.SKIPPED);
        assertThat(lastTransition(bed, run, "second")).satisfies(transition -> {
            assertThat(transition.from()).contains(TaskState.RUNNING);
            assertThat(transition.to()).isEqualTo(TaskState.FAILED);
            assertThat(transition.changedBy()).contains(OPERATOR);
            assertThat(transition.reason()).contains("marked failed by " + OPERATOR);
        });
        assertThat(lastTransition(bed, run, "first").changedBy()).contains(UiFixture.ACTOR);
        bed.page.await().until(ExpectedConditions.textToBe(By.id("run-state"), "failed"));
        assertThat(statesShown(bed)).containsExactly("first: success", "second: failed", "third: skipped");
        assertThat(bed.page.find("[data-action=mark-run-failed]").isEnabled()).isFalse();
        assertThat(bed.page.find("#main [data-action=cancel]").isEnabled()).isFalse();
        assertThat(bed.page.find("[data-action=mark-run-success]").isEnabled()).isTrue();
        assertThat(bed.page.sameDocument()).as("the page was not loaded again").isTrue();

        bed.page.find("#task-instances [data-task=second]").click();
        bed.page.awaitPath("/dags/ops/runs/act_fail_run/tasks/second");
        bed.page.await().until(driver -> bed.page.transitionsShown().contains(
                "running -> failed by " + OPERATOR + ": marked failed by " + OPERATOR));
        assertThat(bed.page.find("#ti-state").getText()).isEqualTo("failed");
        assertThat(bed.page.sameDocument()).as("the page was not loaded again").isTrue();
    }

    @Test
    void pausingAndUnpausingADagIsRecordedInTheDatabaseAndEscapeChangesNothing(BrowserTestBed bed) {
        DagRepository dags = new DagRepository(bed.jdbc);
        bed.open(OPERATOR, "/dags/ops/grid");
        bed.page.find("[data-action=pause][data-paused=false]").click();
        bed.page.find("#dialog[open]");
        new Actions(bed.browser).sendKeys(Keys.ESCAPE).perform();
        bed.page.await().until(driver -> bed.page.all("#dialog[open]").isEmpty());
        assertThat(dags.find("ops").orElseThrow().paused()).isFalse();

        bed.page.find("[data-action=pause][data-paused=false]").click();
        bed.page.await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#dialog [data-touches]"),
                "DAG ops: active → paused"));
        bed.page.screenshot("pause-dialog");
        confirm(bed, "Paused ops");
        assertThat(dags.find("ops").orElseThrow().paused()).isTrue();
        bed.page.find("h1 [data-paused]");

        bed.page.find("[data-action=pause][data-paused=true]").click();
        confirm(bed, "Unpaused ops");
        assertThat(dags.find("ops").orElseThrow().paused()).isFalse();
        bed.page.find("[data-action=pause][data-paused=false]");
    }
}
