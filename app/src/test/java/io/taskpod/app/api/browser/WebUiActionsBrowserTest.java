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
 * Every action of the page, as an op user: each dialog shows what the action will touch before it acts, and the test
 * then reads what the database holds.
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
        return new TaskInstanceRepository(bed.jdbc).find(new TaskInstanceId("ops", taskId, run.runId(), -1))
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

        bed.page.find("[data-action=mark-success]").click();
        assertThat(touches(bed)).containsExactly("first: running -> success");
        bed.page.screenshot("mark-dialog");
        bed.page.find("#dialog input[name=include_downstream]").click();
        bed.page.await().until(driver -> touches(bed).equals(List.of("first: running -> success", "second: none -> success",
                "third: none -> success")));
        confirm(bed, "Marked 3 task instance(s) success");
        assertThat(states(bed, run))
                .containsOnly(TaskState.SUCCESS);

        bed.open(OPERATOR, "/dags/ops/runs/act_mark/tasks/third");
        bed.page.find("[data-action=mark-failed]").click();
        assertThat(touches(bed)).containsExactly("third: success -> failed");
        confirm(bed, "Marked 1 task instance(s) failed");
        assertThat(state(bed, run, "third")).isEqualTo(TaskState.FAILED);
        assertThat(state(bed, run, "second")).isEqualTo(TaskState.SUCCESS);
    }

    @Test
    void cancellingARunStopsItsRunningTryAndSkipsWhatHasNotStarted(BrowserTestBed bed) {
        RunKey run = run(bed, "act_cancel", 3);
        bed.fixture.tryTo(run, "first", -1, 1, TaskState.RUNNING, Instant.now());
        bed.open(OPERATOR, "/dags/ops/runs/act_cancel");

        bed.page.find("[data-action=cancel]").click();
        assertThat(touches(bed)).containsExactly("first: running -> failed", "second: none -> skipped",
                "third: none -> skipped");
        bed.page.screenshot("cancel-dialog");
        confirm(bed, "Cancelled run act_cancel");

        assertThat(runRow(bed, run).state()).isEqualTo(DagRunState.FAILED);
        assertThat(states(bed, run))
                .containsExactly(TaskState.FAILED, TaskState.SKIPPED, TaskState.SKIPPED);
        bed.page.await().until(ExpectedConditions.textToBe(By.id("run-state"), "failed"));
        assertThat(bed.page.find("[data-action=cancel]").isEnabled()).isFalse();
    }

    @Test
    void markingARunSuccessSucceedsItsUnfinishedTaskInstances(BrowserTestBed bed) {
        RunKey run = run(bed, "act_mark_run", 4);
        bed.fixture.tryTo(run, "first", -1, 1, TaskState.FAILED, Instant.now());
        bed.open(OPERATOR, "/dags/ops/runs/act_mark_run");

        bed.page.find("[data-action=mark-run-success]").click();
        assertThat(touches(bed)).containsExactly("second: none -> success", "third: none -> success");
        bed.page.screenshot("mark-run-dialog");
        confirm(bed, "Marked run success: act_mark_run");

        assertThat(runRow(bed, run).state()).isEqualTo(DagRunState.SUCCESS);
        assertThat(states(bed, run))
                .containsExactly(TaskState.FAILED, TaskState.SUCCESS, TaskState.SUCCESS);
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
