package io.taskpod.app.api.browser;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The web page of one server as a test reads it in a browser: waiting for elements and addresses, no sleeps. */
final class Page {

    static final Duration WAIT = Duration.ofSeconds(30);

    final ChromeDriver browser;
    private final URI server;

    Page(ChromeDriver browser, URI server) {
        this.browser = browser;
        this.server = server;
    }

    /** The server's address of {@code path}. */
    String url(String path) {
        return server.resolve(path).toString();
    }

    /** Waits up to {@link #WAIT}, looking again when the page redrew an element under the test. */
    WebDriverWait await() {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** The first element matching the CSS selector, once there is one. */
    WebElement find(String css) {
        return await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return browser.findElements(By.cssSelector(css));
    }

    void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    /** Waits until the page's path (and query) is {@code path}. */
    void awaitPath(String path) {
        await().until(driver -> path.equals(pathOf(driver.getCurrentUrl())));
    }

    static String pathOf(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /**
     * From now until the page is loaded again, records every request the page sends that changes something (a
     * {@code POST}, {@code PATCH} or {@code DELETE} that is not a dry run), for {@link #changesSent()}, and marks the
     * loaded document, for {@link #sameDocument()}.
     */
    void recordChanges() {
        browser.executeScript("""
                window.sameDocument = true;
                window.changesSent = [];
                const fetchNow = window.fetch.bind(window);
                window.fetch = (url, init) => {
                  const method = (init && init.method) || 'GET';
                  const dryRun = !!(init && init.body && JSON.parse(init.body).dry_run === true);
                  if (method !== 'GET' && !dryRun) window.changesSent.push(method + ' ' + url);
                  return fetchNow(url, init);
                };""");
    }

    /** The changing requests sent since {@link #recordChanges()}, as "METHOD url", in order. */
    @SuppressWarnings("unchecked")
    List<String> changesSent() {
        Object sent = browser.executeScript("return window.changesSent");
        if (sent == null) {
            throw new IllegalStateException("the page was loaded again since recordChanges()");
        }
        return (List<String>) sent;
    }

    /** Whether the document is still the one {@link #recordChanges()} marked: the page was not loaded again. */
    boolean sameDocument() {
        return Boolean.TRUE.equals(browser.executeScript("return window.sameDocument === true"));
    }

    /** The open confirmation dialog's title, once it has one. */
    String dialogTitle() {
        return find("#dialog[open] #dialog-title").getText();
    }

    /** Closes the open dialog with its Cancel button and waits until it is closed. */
    void cancelDialog() {
        find("#dialog[open] [data-action=cancel]").click();
        await().until(driver -> all("#dialog[open]").isEmpty());
    }

    /** The rows of a task instance's transitions table, each as "from -> to by who: reason". */
    List<String> transitionsShown() {
        return all("#transitions tbody tr").stream().map(row -> {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            return cells.get(2).getText() + " -> " + cells.get(3).getText() + " by " + cells.get(4).getText() + ": "
                    + cells.get(5).getText();
        }).toList();
    }

    /** Saves what the browser shows as {@code target/browser-screenshots/NAME.png}. */
    void screenshot(String name) {
        Chromium.screenshot(browser, name);
    }
}
