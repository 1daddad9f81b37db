package io.taskpod.app.api.browser;

import static io.taskpod.app.api.browser.BrowserTestBed.OPERATOR;
import static io.taskpod.app.api.browser.BrowserTestBed.PASSWORD;
import static io.taskpod.app.api.browser.BrowserTestBed.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.api.browser.UiFixture.Task;
import io.taskpod.core.model.DagRunState;
import io.taskpod.core.model.TaskState;
import io.taskpod.store.run.RunKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * With {@code [api] authenticate} on: the page asks for a login at any address and returns there, logs out, and shows a
 * viewer every action disabled with the reason, while the API refuses the viewer's session as well.
 */
@ExtendWith(BrowserTestBed.Resolver.class)
class WebUiRolesBrowserTest {

    @Test
    void aViewerSeesEveryActionDisabledWithTheReasonAndTheApiRefusesThemToo(BrowserTestBed bed) {
        RunKey run = bed.fixture.run("ops", "roles_viewer", Instant.parse("2025-04-01T00:00:00Z"),
                List.of(Task.of("first"), Task.of("second"), Task.of("third")));
        bed.fixture.runState(run, DagRunState.RUNNING, Instant.now());
        bed.fixture.tryTo(run, "first", -1, 1, TaskState.FAILED, Instant.now());

        bed.open(VIEWER, "/dags/ops/runs/roles_viewer/tasks/first");
        bed.page.find("[data-action=clear]");
        for (String action : List.of("clear", "mark-success", "mark-failed")) {
            WebElement button = bed.page.find("[data-action=" + action + "]");
            assertThat(button.isEnabled()).as(action).isFalse();
            assertThat(button.getDomAttribute("title")).as(action)
                    .isEqualTo("Your role (viewer) can only read; this needs the op or admin role.");
        }
        assertThat(bed.page.find("[data-readonly]").getText()).startsWith("Read-only: Your role (viewer)");
        bed.page.screenshot("viewer-task-instance");

        bed.open(VIEWER, "/dags/ops/runs/roles_viewer");
        bed.page.await().until(ExpectedConditions.textToBe(By.id("run-state"), "running"));
        for (String action : List.of("cancel", "mark-run-success", "mark-run-failed", "clear-run")) {
            WebElement button = bed.page.find("#main [data-action=" + action + "]");
            assertThat(button.isEnabled()).as(action).isFalse();
            assertThat(button.getDomAttribute("title")).as(action)
                    .isEqualTo("Your role (viewer) can only read; this needs the op or admin role.");
        }
        assertThat(bed.page.find("[data-readonly]").getText()).startsWith("Read-only: Your role (viewer)");
        bed.page.screenshot("viewer-run");
        bed.open(VIEWER, "/dags/ops/grid");
        assertThat(bed.page.find("[data-action=trigger]").isEnabled()).isFalse();
        assertThat(bed.page.find("[data-action=pause]").isEnabled()).isFalse();

        Object status = bed.browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/api/v1/session', {headers: {'X-Requested-With': 'fetch'}}).then(r => r.json()).then(session =>
                  fetch('/api/v1/dags/ops/runs', {method: 'POST', headers: {'Content-Type': 'application/json',
                    'X-Requested-With': 'fetch', 'X-CSRF-Token': session.csrf_token}, body: '{}'}))
                  .then(r => done(r.status));""");
        assertThat(status).isEqualTo(403L);
    }

    @Test
    void anyAddressAsksForALoginFirstAndLoggingOutAsksAgain(BrowserTestBed bed) {
        bed.browser.manage().deleteAllCookies();
        bed.loggedOut();
        bed.browser.get(bed.page.url("/dags/ops/runs"));

        bed.page.find("#login");
        bed.page.type("#username", OPERATOR);
        bed.page.type("#password", "not the password");
        bed.page.find("#login button[type=submit]").click();
        bed.page.await().until(ExpectedConditions.textToBe(By.id("login-error"), "wrong username or password"));
        bed.page.screenshot("login");

        bed.page.type("#password", PASSWORD);
        bed.page.find("#login button[type=submit]").click();
        bed.page.await().until(ExpectedConditions.textToBe(By.id("user-name"), OPERATOR + " (op)"));
        assertThat(bed.page.find("[data-tab=runs]").getDomAttribute("aria-current")).isEqualTo("page");
        assertThat(Page.pathOf(bed.browser.getCurrentUrl())).isEqualTo("/dags/ops/runs");

        bed.page.find("#logout").click();
        bed.page.find("#login");
        assertThat(bed.page.all("#user-name")).isEmpty();
        bed.browser.navigate().refresh();
        bed.page.find("#login");
        bed.loggedOut();
    }
}
