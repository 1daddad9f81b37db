package io.taskpod.app.api.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.testing.BackgroundTaskpod;
import io.taskpod.testkit.postgres.TestDatabase;
import io.taskpod.testkit.postgres.TestPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The page of a real {@code taskpod scheduler} (the image tree's launcher, its LocalExecutor running real tasks): a run
 * triggered from the page, its running task's log followed until the task ends, the grid updating by itself, and a
 * run cancelled from the page while its task runs.
 */
class WebUiSchedulerBrowserIT {

    private static final String GATED = """
            dag_id: gated
            description: Waits for a file the test creates, then one more step.
            tasks:
              - task_id: wait_for_gate
                bash: 'echo "waiting for the gate"; until [ -e "$TASKPOD_HOME/gate-$TASKPOD_RUN_ID" ]; do sleep 0.2; done; echo "gate opened"'
              - task_id: after
                depends_on: wait_for_gate
                bash: 'echo after'
            """;

    @TempDir
    Path home;

    private Map<String, String> environment() throws Exception {
        Files.writeString(Files.createDirectories(home.resolve("dags")).resolve("gated.yaml"), GATED);
        TestDatabase database = TestPostgres.newDatabase();
        Map<String, String> environment = new HashMap<>();
        environment.put("TASKPOD_HOME", home.toString());
        environment.put("TASKPOD__CORE__LOAD_EXAMPLES", "false");
        environment.put("TASKPOD__DATABASE__URL", database.url());
        environment.put("TASKPOD__DATABASE__USER", database.user());
        environment.put("TASKPOD__SCHEDULER__TASK_INSTANCE_HEARTBEAT_SEC", "1");
        environment.put("TASKPOD__CORE__KILLED_TASK_CLEANUP_TIME", "5");
        return environment;
    }

    private static void trigger(Page page, String runId) {
        page.browser.get(page.url("/dags/gated/grid"));
        page.find("[data-action=trigger]").click();
        page.type("#trigger-run-id", runId);
        page.find("#dialog [data-action=confirm]").click();
        page.awaitPath("/dags/gated/runs/" + runId);
    }

    private static void awaitTaskState(Page page, String taskId, String state) {
        page.await().until(driver -> state.equals(driver.findElement(By.cssSelector(
                "#task-instances tr:has([data-task=" + taskId + "]) [data-state]")).getText()));
    }

    @Test
    void aRunTriggeredFromThePageIsFollowedLiveAndARunningOneIsCancelledFromIt() throws Exception {
        Chromium.requireInstalled();
        try (BackgroundTaskpod scheduler = BackgroundTaskpod.start(environment(), "scheduler")) {
            scheduler.awaitLog("API server listening on ", Duration.ofSeconds(90));
            Matcher listening = Pattern.compile("API server listening on (http://\\S+)").matcher(scheduler.stderr());
            assertThat(listening.find()).isTrue();
            ChromeDriver browser = Chromium.start(Files.createDirectories(home.resolve("chromium-profile")));
            try {
                Page page = new Page(browser, URI.create(listening.group(1)));

                trigger(page, "first_run");
                awaitTaskState(page, "wait_for_gate", "running");
                page.find("#task-instances a[href$='/tasks/wait_for_gate/logs/1']").click();
                page.awaitPath("/dags/gated/runs/first_run/tasks/wait_for_gate/logs/1");
                page.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"),
                        "waiting for the gate"));
                assertThat(page.find("#log-follow").getText()).isEqualTo("Following the live log…");
                page.screenshot("real-log-following");
                Files.writeString(home.resolve("gate-first_run"), "open");
                page.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "gate opened"));
                page.find("#log-follow[data-complete]");
                assertThat(page.find("#log").getText()).contains("final state: success");
                assertThat(page.find("#try-state").getText()).isEqualTo("success");

                page.browser.get(page.url("/dags/gated/grid"));
                page.find("#grid [data-run=first_run][data-task=after]");
                browser.executeScript("window.stillTheSamePage = true");
                page.await().until(driver -> "success".equals(driver.findElement(By.cssSelector(
                        "#grid [data-run=first_run][data-task=after]")).getDomAttribute("data-state")));
                assertThat(browser.executeScript("return window.stillTheSamePage")).isEqualTo(true);
                page.screenshot("real-grid");

                trigger(page, "second_run");
                awaitTaskState(page, "wait_for_gate", "running");
                page.find("[data-action=cancel]").click();
                page.await().until(ExpectedConditions.elementToBeClickable(By.cssSelector(
                        "#dialog [data-action=confirm]"))).click();
                page.await().until(ExpectedConditions.textToBe(By.id("run-state"), "failed"));
                awaitTaskState(page, "wait_for_gate", "failed");
                awaitTaskState(page, "after", "skipped");
            } finally {
                browser.quit();
            }
        }
    }
}
