package io.taskpod.app.api.browser;

import static io.taskpod.app.api.browser.BrowserTestBed.ADMIN;
import static io.taskpod.app.api.browser.BrowserTestBed.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskpod.app.api.browser.UiFixture.Task;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.run.RunKey;
import io.taskpod.testkit.kubernetes.TestKubelet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * What the page does by itself: it follows a running try's log (from its file, or from its pod through the Kubernetes
 * API) and stops when the try ends; it updates what it shows as states change, without a reload, without moving what
 * is on screen and without taking the user's focus; and it reads well in a dark-mode browser.
 */
@ExtendWith(BrowserTestBed.Resolver.class)
class WebUiLiveBrowserTest {

    private static final Instant LOGICAL = Instant.parse("2025-06-01T00:00:00Z");

    private static RunKey runningTail(BrowserTestBed bed, String runId, Instant logicalDate) {
        RunKey run = bed.fixture.run("live", runId, logicalDate, List.of(Task.of("tail")));
        bed.fixture.runState(run, DagRunState.RUNNING, Instant.now());
        bed.fixture.tryTo(run, "tail", -1, 1, TaskState.RUNNING, Instant.now());
        return run;
    }

    @Test
    void aRunningTrysLogIsFollowedFromItsFileUntilTheTryEndsAndCanBeSearchedAndDownloaded(BrowserTestBed bed)
            throws Exception {
        RunKey run = runningTail(bed, "live_file", LOGICAL);
        bed.fixture.log(run, "tail", -1, 1, "claimed try 1", "line one of the task");
        bed.open(ADMIN, "/dags/live/runs/live_file/tasks/tail/logs/1");

        bed.page.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "line one of the task"));
        assertThat(bed.page.find("#log-follow").getText()).isEqualTo("Following the live log…");
        bed.fixture.log(run, "tail", -1, 1, "line two of the task");
        bed.page.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "line two of the task"));

        bed.page.type("#log-search", "LINE");
        bed.page.await().until(ExpectedConditions.textToBe(By.id("log-matches"), "1 of 2"));
        bed.page.find("#log-search").sendKeys(Keys.ENTER);
        bed.page.await().until(ExpectedConditions.textToBe(By.id("log-matches"), "2 of 2"));
        assertThat(bed.page.find("#log mark.current").getText()).isEqualTo("line");
        bed.page.screenshot("log-live");

        bed.fixture.log(run, "tail", -1, 1, "final state: success");
        bed.fixture.move(run, "tail", -1, 1, TaskState.SUCCESS, Instant.now().minusSeconds(30), "task exited: success");
        bed.page.find("#log-follow[data-complete]");
        assertThat(bed.page.find("#log").getText()).endsWith("final state: success");
        assertThat(bed.page.find("#try-state").getText()).isEqualTo("success");

        WebElement download = bed.page.find("#log-download");
        assertThat(download.getDomAttribute("download")).isEqualTo("live__live_file__tail__try-1.log");
        HttpResponse<String> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(download.getDomProperty("href"))).header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((ADMIN + ":" + BrowserTestBed.PASSWORD).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(file.body()).isEqualTo("claimed try 1\nline one of the task\nline two of the task\n"
                + "final state: success\n");
    }

    @Test
    void aTryRunningInAPodIsFollowedThroughTheKubernetesApiUntilItsLogFileReplacesIt(BrowserTestBed bed, @TempDir Path work)
            throws Exception {
        Path gate = work.resolve("gate");
        String podName = "live-tail-pod";
        try (TestKubelet kubelet = TestKubelet.builder(bed.kubernetes).namespaces(NAMESPACE).imageEntrypoint(List.of())
                .start(); KubernetesClient client = bed.kubernetes.newClient()) {
            Pod pod = new PodBuilder().withNewMetadata().withName(podName).withNamespace(NAMESPACE).endMetadata()
                    .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("base").withImage("taskpod")
                    .withCommand("bash", "-c", "echo 'pod says hello'; until [ -e '" + gate + "' ]; do sleep 0.1; done; "
                            + "echo 'pod says goodbye'; until [ -e '" + gate + ".end' ]; do sleep 0.1; done")
                    .endContainer().endSpec().build();
            client.pods().inNamespace(NAMESPACE).resource(pod).create();
            RunKey run = runningTail(bed, "live_pod", LOGICAL.plusSeconds(86400));
            bed.fixture.runsIn(run, "tail", NAMESPACE + "/" + podName);
            bed.open(ADMIN, "/dags/live/runs/live_pod/tasks/tail/logs/1");

            bed.page.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "pod says hello"));
            assertThat(bed.page.find("#log").getText()).contains("read through the Kubernetes API");
            assertThat(bed.page.find("#log-follow").getText()).isEqualTo("Following the live log of its pod…");
            Files.writeString(gate, "go");
            bed.page.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "pod says goodbye"));
            bed.page.screenshot("log-pod");

            bed.fixture.log(run, "tail", -1, 1, "the log file, written at last");
            bed.page.await().until(ExpectedConditions.textToBe(By.id("log-follow"), "Following the live log…"));
            bed.page.await().until(ExpectedConditions.textToBe(By.id("log"), "the log file, written at last"));
            bed.fixture.move(run, "tail", -1, 1, TaskState.FAILED, Instant.now().minusSeconds(30), "pod failed");
            bed.page.find("#log-follow[data-complete]");
            assertThat(bed.page.find("#log-follow").getText()).isEqualTo("The try has ended; this is its whole log.");
            assertThat(bed.page.find("#log").getText()).isEqualTo("the log file, written at last");
            Files.writeString(work.resolve("gate.end"), "stop");
        }
    }

    @Test
    void statesChangeOnThePageWithoutAReloadWithoutMovingAnythingAndWithoutTakingTheFocus(BrowserTestBed bed) {
        RunKey run = bed.fixture.run("ops", "live_state", LOGICAL, List.of(Task.of("first"), Task.of("second"),
                Task.of("third")));
        bed.open(ADMIN, "/dags/ops/runs/live_state");
        WebElement third = bed.page.find("#task-instances [data-task=third]");
        bed.browser.executeScript("window.stillTheSamePage = true; arguments[0].focus();", third);
        WebElement firstState = bed.page.find("#task-instances tbody tr:first-child [data-state]");
        Rectangle before = firstState.getRect();
        long scroll = ((Number) bed.browser.executeScript("return window.scrollY")).longValue();

        bed.fixture.runState(run, DagRunState.RUNNING, Instant.now());
        bed.fixture.tryTo(run, "first", -1, 1, TaskState.RUNNING, Instant.now());
        bed.page.await().until(driver -> "running".equals(
                driver.findElement(By.cssSelector("#task-instances tbody tr:first-child [data-state]")).getText()));

        assertThat(bed.browser.executeScript("return window.stillTheSamePage")).isEqualTo(true);
        assertThat(bed.page.find("#run-state").getText()).isEqualTo("running");
        Rectangle after = bed.page.find("#task-instances tbody tr:first-child [data-state]").getRect();
        assertThat(List.of(after.getX(), after.getY(), after.getWidth(), after.getHeight()))
                .isEqualTo(List.of(before.getX(), before.getY(), before.getWidth(), before.getHeight()));
        assertThat(bed.browser.executeScript("return document.activeElement.getAttribute('data-task')"))
                .isEqualTo("third");
        assertThat(((Number) bed.browser.executeScript("return window.scrollY")).longValue()).isEqualTo(scroll);
        assertThat(bed.page.find("#status").getText()).startsWith("Up to date at");
        bed.page.screenshot("run-live-state");
    }

    @Test
    void aDarkModeBrowserGetsTheDarkColours(BrowserTestBed bed) {
        bed.browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            bed.open(ADMIN, "/");
            bed.page.find("#dag-list");
            assertThat(bed.browser.executeScript("return getComputedStyle(document.documentElement).backgroundColor"))
                    .isEqualTo("rgb(13, 17, 23)");
            assertThat(bed.browser.executeScript("return getComputedStyle(document.body).color"))
                    .isEqualTo("rgb(230, 237, 243)");
            bed.page.screenshot("dag-list-dark");
        } finally {
            bed.browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }
}
