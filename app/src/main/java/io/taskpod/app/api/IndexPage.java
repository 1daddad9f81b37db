package io.taskpod.app.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** {@code GET /}: one static HTML page whose script reads the JSON API (DAGs, runs, task states, logs). */
final class IndexPage {

    static final String RESOURCE = "index.html";

    private final String html;

    IndexPage() {
        try (InputStream in = Objects.requireNonNull(IndexPage.class.getResourceAsStream(RESOURCE),
                "resource " + RESOURCE + " next to " + IndexPage.class.getName())) {
            this.html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the page " + RESOURCE, e);
        }
    }

    void show(Context ctx) {
        ctx.html(html);
    }
}
