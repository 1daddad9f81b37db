package io.taskpod.app.api.browser;

import static io.taskpod.app.api.browser.BrowserTestBed.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.api.browser.UiFixture.Task;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.run.RunKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The page's views, each opened at its own address: the DAG list, a DAG's grid, graph, runs and code, a run, a task
 * instance with its tries and transitions, a mapped task's map indices and a try's log; back and forward.
 */
@ExtendWith(BrowserTestBed.Resolver.class)
class WebUiNavigationBrowserTest {

    static final String MIXED = "nav_mixed";
    static final String GREEN = "nav_green";
    static final List<Task> ETL_TASKS = UiFixture.ETL_TASKS;

    /**
     * Two runs of {@code etl}: one all success, one with a success, a retry that then succeeded, a mapped task with a
     * failed map index, a failure with its reason and the upstream failures that follow.
     */
    @BeforeAll
    static void runs(BrowserTestBed bed) {
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(30, ChronoUnit.DAYS);
        UiFixture fixture = bed.fixture;
        RunKey green = fixture.run("etl", GREEN, day, ETL_TASKS);
        fixture.runState(green, DagRunState.RUNNING, day);
        for (Task task : ETL_TASKS) {
            for (int index = task.mapCount() == 0 ? -1 : 0; index < Math.max(0, task.mapCount()); index++) {
                fixture.tryTo(green, task.taskId(), index, 1, TaskState.SUCCESS, day);
            }
        }
        fixture.runState(green, DagRunState.SUCCESS, day.plusSeconds(600));

        Instant next = day.plus(1, ChronoUnit.DAYS);
        RunKey mixed = fixture.run("etl", MIXED, next, ETL_TASKS);
        fixture.runState(mixed, DagRunState.RUNNING, next);
        fixture.tryTo(mixed, "extract", -1, 1, TaskState.SUCCESS, next);
        fixture.log(mixed, "extract", -1, 1, "extracting 12 rows", "final state: success");
        fixture.tryTo(mixed, "flaky", -1, 1, TaskState.UP_FOR_RETRY, next.plusSeconds(60));
        fixture.log(mixed, "flaky", -1, 1, "connection reset by peer", "final state: up_for_retry");
        fixture.tryTo(mixed, "flaky", -1, 2, TaskState.SUCCESS, next.plusSeconds(180));
        fixture.log(mixed, "flaky", -1, 2, "second try went through", "final state: success");
        fixture.tryTo(mixed, "per_region", 0, 1, TaskState.SUCCESS, next.plusSeconds(60));
        fixture.tryTo(mixed, "per_region", 1, 1, TaskState.FAILED, next.plusSeconds(60));
        fixture.tryTo(mixed, "per_region", 2, 1, TaskState.SUCCESS, next.plusSeconds(60));
        fixture.move(mixed, "load", -1, 0, TaskState.UPSTREAM_FAILED, next.plusSeconds(120), "upstream per_region failed");
        fixture.tryTo(mixed, "transform", -1, 1, TaskState.FAILED, next.plusSeconds(60));
        fixture.failureReason(mixed, "transform", -1, "the task exited with code 1");
        fixture.move(mixed, "report", -1, 0, TaskState.UPSTREAM_FAILED, next.plusSeconds(120), "upstream failed");
        fixture.runState(mixed, DagRunState.FAILED, next.plusSeconds(300));
    }

    private static Map<String, String> gridColumn(BrowserTestBed bed, String runId) {
        Map<String, String> states = new LinkedHashMap<>();
        for (WebElement cell : bed.page.all("#grid [data-task][data-run='" + runId + "']")) {
            states.put(cell.getDomAttribute("data-task"), cell.getDomAttribute("data-state"));
        }
        return states;
    }

    @Test
    void theDagListShowsRecentRunsTheNextRunThePausedToggleAndFoldsLoadErrorsBehindACount(BrowserTestBed bed) {
        bed.open(ADMIN, "/");

        WebElement etl = bed.page.find("#dag-list [data-dag=etl]").findElement(By.xpath("ancestor::tr"));
        bed.page.await().until(driver -> etl.findElements(By.cssSelector(".recent [data-run]")).size() >= 2);
        assertThat(etl.findElements(By.cssSelector(".recent [data-run='" + MIXED + "']")).getFirst()
                .getDomAttribute("data-state")).isEqualTo("failed");
        assertThat(etl.findElement(By.cssSelector("[data-action=pause]")).getText()).isEqualTo("Pause…");
        WebElement errors = bed.page.find("details[data-load-errors]");
        assertThat(errors.getDomAttribute("open")).isNull();
        assertThat(errors.getText()).isEqualTo("1 DAG file did not load");
        errors.findElement(By.tagName("summary")).click();
        bed.page.await().until(driver -> errors.getText().contains("broken.yaml"));
        bed.page.screenshot("dag-list");
    }

    @Test
    void theGridShowsEachTaskInEachRunWithMappedTasksAsOneCountedCellThatOpensItsMapIndices(BrowserTestBed bed) {
        bed.open(ADMIN, "/dags/etl/grid");
        bed.page.find("#grid [data-run='" + MIXED + "'][data-task=report]");

        assertThat(gridColumn(bed, MIXED)).containsExactly(Map.entry("extract", "success"), Map.entry("flaky", "success"),
                Map.entry("per_region", "failed"), Map.entry("load", "upstream_failed"),
                Map.entry("transform", "failed"), Map.entry("report", "upstream_failed"));
        assertThat(gridColumn(bed, GREEN).values()).containsOnly("success");
        WebElement mapped = bed.page.find("#grid [data-run='" + MIXED + "'][data-task=per_region]");
        assertThat(mapped.getDomAttribute("data-map-count")).isEqualTo("3");
        assertThat(mapped.getText()).isEqualTo("3");
        assertThat(mapped.getDomAttribute("title")).contains("1 failed").contains("2 success");
        assertThat(bed.page.find("#grid [data-run='" + MIXED + "'][data-task=flaky]").getDomAttribute("title"))
                .contains("try 2");
        bed.page.screenshot("grid");

        bed.page.find("#grid [data-run='" + GREEN + "'][data-task=extract]").sendKeys(Keys.ENTER);
        bed.page.awaitPath("/dags/etl/runs/" + GREEN + "/tasks/extract");
        bed.browser.navigate().back();
        bed.page.awaitPath("/dags/etl/grid");
        mapped = bed.page.find("#grid [data-run='" + MIXED + "'][data-task=per_region]");
        mapped.click();
        bed.page.awaitPath("/dags/etl/runs/" + MIXED + "/tasks/per_region");
        assertThat(bed.page.find("#map-indices").findElements(By.cssSelector("tbody tr")))
                .extracting(row -> row.findElement(By.cssSelector("[data-state]")).getDomAttribute("data-state"))
                .containsExactly("success", "failed", "success");
        bed.page.find("#map-indices [data-map-index='1']").click();
        bed.page.awaitPath("/dags/etl/runs/" + MIXED + "/tasks/per_region?map_index=1");
        assertThat(bed.page.find("#ti-state").getText()).isEqualTo("failed");

        bed.browser.navigate().back();
        bed.page.awaitPath("/dags/etl/runs/" + MIXED + "/tasks/per_region");
        bed.page.find("#map-indices");
        bed.browser.navigate().back();
        bed.page.awaitPath("/dags/etl/grid");
        bed.page.find("#grid");
        bed.browser.navigate().forward();
        bed.page.awaitPath("/dags/etl/runs/" + MIXED + "/tasks/per_region");
        bed.page.find("#map-indices");
    }

    @Test
    void theGraphLaysTheDependenciesOutLeftToRightColouredByTheChosenRun(BrowserTestBed bed) {
        bed.open(ADMIN, "/dags/etl/graph?run=" + MIXED);
        bed.page.find("#graph[data-run='" + MIXED + "'] [data-task=report]");

        Map<String, String> states = new LinkedHashMap<>();
        Map<String, Integer> x = new LinkedHashMap<>();
        for (WebElement node : bed.page.all("#graph [data-task]")) {
            states.put(node.getDomAttribute("data-task"), node.getDomAttribute("data-state"));
            x.put(node.getDomAttribute("data-task"), node.getRect().getX());
        }
        assertThat(states).containsEntry("per_region", "failed").containsEntry("load", "upstream_failed")
                .containsEntry("flaky", "success").containsEntry("transform", "failed");
        assertThat(List.of(x.get("per_region"), x.get("transform"), x.get("flaky"))).allSatisfy(column ->
                assertThat(column).isGreaterThan(x.get("extract")));
        assertThat(x.get("per_region")).isLessThan(x.get("load"));
        assertThat(x.get("transform")).isLessThan(x.get("report"));
        assertThat(x.get("load")).isLessThan(x.get("report"));
        assertThat(bed.page.all("#graph [data-edge]")).extracting(edge -> edge.getDomAttribute("data-edge"))
                .containsExactlyInAnyOrder("extract->flaky", "extract->per_region", "extract->transform",
                        "per_region->load", "load->report", "transform->report");
        assertThat(bed.page.find("#graph [data-task=per_region]").getText()).contains("3 mapped");
        bed.page.screenshot("graph");

        new Select(bed.page.find("#graph-run")).selectByValue(GREEN);
        bed.page.awaitPath("/dags/etl/graph?run=" + GREEN);
        bed.page.find("#graph[data-run='" + GREEN + "']");
        assertThat(bed.page.all("#graph [data-task]")).extracting(node -> node.getDomAttribute("data-state"))
                .containsOnly("success");
        bed.page.find("#graph [data-task=transform]").click();
        bed.page.awaitPath("/dags/etl/runs/" + GREEN + "/tasks/transform");
    }

    @Test
    void everyViewHasAnAddressThatOpensItDirectly(BrowserTestBed bed) {
        bed.open(ADMIN, "/dags/etl");
        bed.page.awaitPath("/dags/etl/grid");
        assertThat(bed.page.find("[data-tab=grid]").getDomAttribute("aria-current")).isEqualTo("page");

        bed.open(ADMIN, "/dags/etl/runs");
        bed.page.find("#run-list [data-run='" + MIXED + "']").click();
        bed.page.awaitPath("/dags/etl/runs/" + MIXED);
        bed.page.await().until(ExpectedConditions.textToBe(By.id("run-state"), "failed"));
        assertThat(bed.page.find("#task-instances").getText()).contains("per_region[1]").contains("the task exited with code 1");
        bed.page.screenshot("run");

        bed.open(ADMIN, "/dags/etl/code");
        assertThat(bed.page.find("[data-source]").getText()).contains("expand: [eu, us, ap]");

        bed.open(ADMIN, "/dags/etl/runs/" + MIXED + "/tasks/transform");
        assertThat(bed.page.find("#failure-reason").getText()).isEqualTo("the task exited with code 1");
        assertThat(bed.browser.getTitle()).isEqualTo("transform · " + MIXED + " · taskpod");

        bed.open(ADMIN, "/dags/etl/runs/" + MIXED + "/tasks/flaky/logs/1");
        bed.page.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "connection reset by peer"));
        bed.page.find("#log-follow[data-complete]");

        bed.open(ADMIN, "/dags/nope/grid");
        assertThat(bed.page.find("[data-error]").getText()).contains("no DAG 'nope'");
    }

    @Test
    void aTaskInstanceShowsItsTriesWithTheirLogsAndWhoMovedItWhy(BrowserTestBed bed) {
        bed.open(ADMIN, "/dags/etl/runs/" + MIXED + "/tasks/flaky");

        assertThat(bed.page.find("#tries").findElements(By.cssSelector("tbody tr")))
                .extracting(row -> row.findElement(By.cssSelector("[data-state]")).getDomAttribute("data-state"))
                .containsExactly("up_for_retry", "success");
        assertThat(bed.page.find("#transitions").getText()).contains("fixture").contains("task exited: up_for_retry");
        bed.page.screenshot("task-instance");

        bed.page.find("[data-log-try='1']").click();
        bed.page.awaitPath("/dags/etl/runs/" + MIXED + "/tasks/flaky/logs/1");
        bed.page.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "connection reset by peer"));
        bed.page.find("a[href$='/logs/2']").click();
        bed.page.awaitPath("/dags/etl/runs/" + MIXED + "/tasks/flaky/logs/2");
        bed.page.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "second try went through"));
        assertThat(bed.page.find("#log").getText()).doesNotContain("connection reset");
    }
}
