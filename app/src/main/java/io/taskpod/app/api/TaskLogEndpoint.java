package io.taskpod.app.api;

import io.javalin.http.Context;
import io.taskpod.app.worker.TaskLogReader;
import io.taskpod.app.worker.WorkerError;
import io.taskpod.core.model.TaskInstanceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * {@code GET .../tasks/{task_id}/logs?try_number=&map_index=}: the log of a try as text, found as
 * {@code taskpod tasks logs} finds it ({@link TaskLogReader}: the log file, or while it does not exist yet the tail
 * of the running pod's log). Without {@code try_number}, the current try. The try shown is in the
 * {@value #TRY_HEADER} header.
 */
final class TaskLogEndpoint {

    static final String TRY_HEADER = "X-Taskpod-Try-Number";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final ApiLookup lookup;
    private final TaskLogReader reader;

    TaskLogEndpoint(ApiLookup lookup, TaskLogReader reader) {
        this.lookup = lookup;
        this.reader = reader;
    }

    void log(Context ctx) {
        TaskInstanceId id = TaskInstancesEndpoint.taskInstanceId(ctx);
        Optional<Integer> tryNumber = ApiParameters.tryNumber(ctx);
        lookup.taskInstance(id);
        TaskLogReader.TaskLog log;
        try {
            log = reader.read(id, tryNumber);
        } catch (WorkerError e) {
            throw ApiError.notFound(ApiParameters.TRY_NUMBER, e.getMessage());
        }
        ctx.contentType(TEXT).header(TRY_HEADER, Integer.toString(log.key().tryNumber()));
        switch (log) {
            case TaskLogReader.LogFile file -> {
                try {
                    ctx.result(Files.newInputStream(file.file()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file.file(), e);
                }
            }
            case TaskLogReader.PodLog pod -> ctx.result(pod.text());
        }
    }
}
