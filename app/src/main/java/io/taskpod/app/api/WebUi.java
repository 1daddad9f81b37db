package io.taskpod.app.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The web page: one HTML shell answered for every address the page shows ({@link #PAGES}: the DAG list, a DAG's grid,
 * graph, runs and code, a run, a task instance, a try's log), so that each is a link that can be shared and reloaded;
 * its ES modules and style sheet under {@value #ASSETS} from the classpath; all data read from the JSON API. Answers
 * carry a Content-Security-Policy that allows scripts, styles and requests from this server only.
 */
final class WebUi {

    static final String ASSETS = "/ui";
    static final String RESOURCES = "/io/taskpod/app/api/ui";
    static final String SHELL = "index.html";
    /** The addresses of the page's views; {@code /dags/*} covers a DAG and everything under it. */
    static final List<String> PAGES = List.of("/", "/dags", "/dags/*", "/login");
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    private static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "same-origin",
            "Cache-Control", "no-cache");

    private final String html;

    WebUi() {
        String resource = RESOURCES + "/" + SHELL;
        try (InputStream in = Objects.requireNonNull(WebUi.class.getResourceAsStream(resource), "resource " + resource)) {
            this.html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the page " + resource, e);
        }
    }

    /** Serves the shell at every page address and the assets under {@value #ASSETS}. */
    void addTo(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = ASSETS;
            files.directory = RESOURCES;
            files.location = Location.CLASSPATH;
            files.headers = HEADERS;
        });
        PAGES.forEach(path -> config.routes.get(path, this::show));
    }

    private void show(Context ctx) {
        HEADERS.forEach(ctx::header);
        ctx.html(html);
    }
}
