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

    /** Saves what the browser shows as {@code target/browser-screenshots/NAME.png}. */
    void screenshot(String name) {
        Chromium.screenshot(browser, name);
    }
}
