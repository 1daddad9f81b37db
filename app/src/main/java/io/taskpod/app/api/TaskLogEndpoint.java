package io.taskpod.app.api;

import io.javalin.http.Context;
import io.taskpod.app.logs.NoSuchTryException;
import io.taskpod.app.logs.TaskLogReader;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET .../tasks/{task_id}/logs?try_number=&map_index=&offset=}: the log of a try as text, found as
 * {@code taskpod tasks logs} finds it ({@link TaskLogReader}: the log file, or while it does not exist yet the tail
 * of the running pod's log; with remote logging, a finished try's remote copy). Without {@code try_number}, the
 * current try. No log is a 404 ({@code field} {@code try_number} when the request named the try); a running pod's log
 * or a remote store that cannot be read is a 502. Answers never name paths of the server.
 *
 * <p>So that a page can follow a running try, the answer says in headers which try it shows ({@value #TRY_HEADER}),
 * where the text came from ({@value #SOURCE_HEADER}: {@code file}, {@code remote} or {@code pod}), and whether the try
 * has ended so nothing more will be written ({@value #COMPLETE_HEADER}, {@link LogFollow}). Without {@code offset} a
 * file is answered whole; with it, from byte {@code offset} on, up to its last complete line while the try goes on, at
 * most {@link #MAX_CHUNK} bytes at a time, and {@value #OFFSET_HEADER} is where the next read starts. A pod's log and a
 * remote copy have no offsets: each answer is the whole text.
 */
final class TaskLogEndpoint {

    static final String TRY_HEADER = "X-Taskpod-Try-Number";
    static final String SOURCE_HEADER = "X-Taskpod-Log-Source";
    static final String OFFSET_HEADER = "X-Taskpod-Log-Offset";
    static final String COMPLETE_HEADER = "X-Taskpod-Log-Complete";
    /** The most one answer carries; a longer log is read in several answers, each going on where the last stopped. */
    static final int MAX_CHUNK = 16 * 1024 * 1024;
    private static final String TEXT = "text/plain; charset=utf-8";

    private static final Logger logger = LoggerFactory.getLogger(TaskLogEndpoint.class);

    private final ApiLookup lookup;
    private final TaskLogReader reader;
    private final Clock clock;

    TaskLogEndpoint(ApiLookup lookup, TaskLogReader reader, Clock clock) {
        this.lookup = lookup;
        this.reader = reader;
        this.clock = clock;
    }

    void log(Context ctx) {
        TaskInstanceId id = TaskInstancesEndpoint.taskInstanceId(ctx, lookup);
        Optional<Integer> tryNumber = ApiParameters.tryNumber(ctx);
        Optional<Long> offset = ApiParameters.offset(ctx);
        TaskInstance current = lookup.taskInstance(id);
        TaskLogReader.TaskLog log;
        try {
            log = reader.read(id, tryNumber);
        } catch (NoSuchTryException e) {
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
        boolean ended = LogFollow.complete(current, log.key().tryNumber(), clock.instant());
        ctx.contentType(TEXT).header(TRY_HEADER, Integer.toString(log.key().tryNumber()))
                .header(SOURCE_HEADER, log.source());
        switch (log) {
            case TaskLogReader.LogFile file -> {
                if (offset.isEmpty()) {
                    ctx.header(COMPLETE_HEADER, Boolean.toString(ended)).result(whole(file.file()));
                } else {
                    Chunk chunk = read(file.file(), offset.get(), ended);
                    ctx.header(COMPLETE_HEADER, Boolean.toString(ended && chunk.toEnd()))
                            .header(OFFSET_HEADER, Long.toString(offset.get() + chunk.bytes().length))
                            .result(chunk.bytes());
                }
            }
            case TaskLogReader.PodLog pod -> ctx.header(COMPLETE_HEADER, Boolean.toString(ended)).result(pod.text());
            case TaskLogReader.RemoteLog remote -> ctx.header(COMPLETE_HEADER, Boolean.toString(ended))
                    .result(remote.header() + remote.text());
        }
    }

    /** Bytes read from a log file; {@code toEnd} when they reach its end. */
    record Chunk(byte[] bytes, boolean toEnd) {}

    private static InputStream whole(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The file's bytes from {@code offset}, at most {@link #MAX_CHUNK}: to its end once the try has ended, else to the
     * last line end, so that a reader never gets half a line (or half a character) that is still being written; a
     * line longer than {@link #MAX_CHUNK} comes in pieces.
     */
    static Chunk read(Path file, long offset, boolean ended) {
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            if (offset >= size) {
                return new Chunk(new byte[0], true);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - offset, MAX_CHUNK));
            channel.position(offset);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // reads until the buffer is full or the file ends
            }
            int length = buffer.position();
            boolean toEnd = offset + length >= size;
            if (!ended || !toEnd) {
                while (length > 0 && buffer.get(length - 1) != '\n') {
                    length--;
                }
                if (length == 0 && buffer.position() == MAX_CHUNK) {
                    length = MAX_CHUNK;
                }
            }
            byte[] bytes = new byte[length];
            buffer.get(0, bytes);
            return new Chunk(bytes, toEnd && length == buffer.position());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String tryNumberField(Optional<Integer> tryNumber) {
        return tryNumber.map(given -> ApiParameters.TRY_NUMBER).orElse(null);
    }
}
