package io.taskpod.app.remotelog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads try logs to the remote store: every {@code remote_log_upload_interval} while the try runs (when the file
 * changed), so a lost pod loses at most one interval, and once more when it ends, retried with backoff for
 * {@code remote_log_upload_timeout}. A failed upload never fails the task: each one is counted
 * ({@link UploadFailures}) and said in the try's log (once per outage while the try runs, each retry at the end).
 */
final class RemoteLogUploads implements LogUploads {

    private static final Logger log = LoggerFactory.getLogger(RemoteLogUploads.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(15);

    private final RemoteLogStore store;
    private final Duration interval;
    private final Duration finalTimeout;
    private final UploadFailures failures;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("remote-log-upload").factory());

    RemoteLogUploads(RemoteLogStore store, Duration interval, Duration finalTimeout, UploadFailures failures,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.finalTimeout = Objects.requireNonNull(finalTimeout, "finalTimeout");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Upload start(String relativePath, Path file, Consumer<String> note) {
        TryUpload upload = new TryUpload(relativePath, file, note);
        upload.periodic = timer.scheduleWithFixedDelay(upload::uploadIfChanged, interval.toNanos(), interval.toNanos(),
                TimeUnit.NANOSECONDS);
        return upload;
    }

    private final class TryUpload implements Upload {
        private final String relativePath;
        private final Path file;
        private final Consumer<String> note;
        private volatile ScheduledFuture<?> periodic;
        private FileTime uploadedVersion;
        private long uploadedSize = -1;
        private boolean failing;

        TryUpload(String relativePath, Path file, Consumer<String> note) {
            this.relativePath = relativePath;
            this.file = file;
            this.note = note;
        }

        private synchronized void uploadIfChanged() {
            try {
                FileTime modified = Files.getLastModifiedTime(file);
                long size = Files.size(file);
                if (modified.equals(uploadedVersion) && size == uploadedSize) {
                    return;
                }
                store.put(relativePath, file);
                uploadedVersion = modified;
                uploadedSize = size;
                if (failing) {
                    failing = false;
                    note.accept("remote log upload to " + store.location(relativePath) + " works again");
                }
            } catch (RemoteLogException e) {
                failures.count();
                if (!failing) {
                    failing = true;
                    note.accept("remote log upload failed, retried in " + interval.toSeconds() + " s and when the try "
                            + "ends; the task keeps running: " + e.getMessage());
                }
            } catch (java.io.IOException | RuntimeException e) {
                log.warn("could not upload {}: {}", file, e.toString());
            }
        }

        @Override
        public void close() {
            periodic.cancel(false);
            synchronized (this) {
                uploadAtEnd();
            }
        }

        private void uploadAtEnd() {
            Instant giveUp = clock.instant().plus(finalTimeout);
            Duration wait = FIRST_RETRY;
            for (int attempt = 1; ; attempt++) {
                try {
                    store.put(relativePath, file);
                    return;
                } catch (RemoteLogException e) {
                    failures.count();
                    if (!clock.instant().plus(wait).isBefore(giveUp)) {
                        note.accept("remote log upload failed " + attempt + " time(s) over "
                                + finalTimeout.toSeconds() + " s ([logging] remote_log_upload_timeout); this log is "
                                + "only in " + file + " and the worker's output: " + e.getMessage());
                        return;
                    }
                    note.accept("remote log upload failed (attempt " + attempt + "), retrying in "
                            + wait.toMillis() / 1000.0 + " s: " + e.getMessage());
                }
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    note.accept("remote log upload abandoned: the worker was interrupted");
                    return;
                }
                wait = wait.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait.multipliedBy(2);
            }
        }
    }
}
