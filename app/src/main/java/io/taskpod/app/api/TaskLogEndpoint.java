package io.taskpod.app.api;

import io.javalin.http.Context;
import io.taskpod.app.worker.TaskLogReader;
import io.taskpod.app.worker.WorkerError;
import io.taskpod.core.model.TaskInstanceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET .../tasks/{task_id}/logs?try_number=&map_index=}: the log of a try as text, found as
 * {@code taskpod tasks logs} finds it ({@link TaskLogReader}: the log file, or while it does not exist yet the tail
 * of the running pod's log; with remote logging, a finished try's remote copy). Without {@code try_number}, the
 * current try. The try shown is in the {@value #TRY_HEADER} header, the source read ({@code file}, {@code remote},
 * {@code pod}) in {@value #SOURCE_HEADER}. No log is a 404 ({@code field} {@code try_number} when the request named
 * the try); a running pod's log or a remote store that cannot be read is a 502. Answers never name paths of the
 * server.
 */
final class TaskLogEndpoint {

    static final String TRY_HEADER = "X-Taskpod-Try-Number";
    static final String SOURCE_HEADER = "X-Taskpod-Log-Source";
    private static final String TEXT = "text/plain; charset=utf-8";

    private static final Logger logger = LoggerFactory.getLogger(TaskLogEndpoint.class);

    private final ApiLookup lookup;
    private final TaskLogReader reader;

    TaskLogEndpoint(ApiLookup lookup, TaskLogReader reader) {
        this.lookup = lookup;
        this.reader = reader;
    }

    void log(Context ctx) {
        TaskInstanceId id = TaskInstancesEndpoint.taskInstanceId(ctx, lookup);
        Optional<Integer> tryNumber = ApiParameters.tryNumber(ctx);
        lookup.taskInstance(id);
        TaskLogReader.TaskLog log;
        try {
            log = reader.read(id, tryNumber);
        } catch (WorkerError e) {
            throw ApiError.notFound(tryNumberField(tryNumber), e.getMessage());
        } catch (TaskLogReader.LogUnavailable e) {
            throw switch (e.kind()) {
                case NO_LOG -> ApiError.notFound(tryNumberField(tryNumber), e.reason());
                case POD_LOG_UNREADABLE, REMOTE_UNREADABLE -> {
                    logger.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                    yield ApiError.badGateway(e.reason());
                }
            };
        }
        ctx.contentType(TEXT).header(TRY_HEADER, Integer.toString(log.key().tryNumber()))
                .header(SOURCE_HEADER, log.source());
        switch (log) {
            case TaskLogReader.LogFile file -> {
                try {
                    ctx.result(Files.newInputStream(file.file()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file.file(), e);
                }
            }
            case TaskLogReader.PodLog pod -> ctx.result(pod.text());
            case TaskLogReader.RemoteLog remote -> ctx.result(remote.header() + remote.text());
        }
    }

    private static String tryNumberField(Optional<Integer> tryNumber) {
        return tryNumber.map(given -> ApiParameters.TRY_NUMBER).orElse(null);
    }
}
