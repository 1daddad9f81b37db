package io.taskpod.app.remotelog;

import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstanceKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends the scheduler's and executors' lines about a try (e.g. why its pod never ran) to the try's remote copy:
 * read the object, add the line, write it back, on a thread of its own so that a slow or absent store never holds up
 * the scheduler loop. Lines for one try keep their order. A failure is retried twice, then counted and logged.
 * An object store has no append: a worker's upload that lands after such a line replaces it, which only happens when
 * a worker still runs the try the line is about.
 */
final class RemoteLineAppends implements TaskLogFiles.LineCopy {

    private static final Logger log = LoggerFactory.getLogger(RemoteLineAppends.class);
    private static final int ATTEMPTS = 3;
    private static final Duration RETRY_WAIT = Duration.ofSeconds(1);

    private final RemoteLogStore store;
    private final UploadFailures failures;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("remote-log-append").factory());

    RemoteLineAppends(RemoteLogStore store, UploadFailures failures) {
        this.store = store;
        this.failures = failures;
    }

    @Override
    public void append(TaskInstanceKey key, String line) {
        thread.execute(() -> appendNow(TaskLogFiles.relativePathOf(key), line));
    }

    private void appendNow(String relativePath, String line) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                byte[] before = store.get(relativePath).orElse(new byte[0]);
                byte[] added = line.getBytes(StandardCharsets.UTF_8);
                boolean needsNewline = before.length > 0 && before[before.length - 1] != '\n';
                byte[] after = new byte[before.length + (needsNewline ? 1 : 0) + added.length];
                System.arraycopy(before, 0, after, 0, before.length);
                if (needsNewline) {
                    after[before.length] = '\n';
                }
                System.arraycopy(added, 0, after, after.length - added.length, added.length);
                store.put(relativePath, after);
                return;
            } catch (RemoteLogException e) {
                failures.count();
                if (attempt == ATTEMPTS) {
                    log.warn("could not append to the remote task log after {} attempts (the local file has the "
                            + "line): {}", ATTEMPTS, e.getMessage());
                    return;
                }
                try {
                    Thread.sleep(RETRY_WAIT);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
