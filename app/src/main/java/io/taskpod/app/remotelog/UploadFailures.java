package io.taskpod.app.remotelog;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Failed remote log uploads and appends of this process, each retry counted: the scheduler shows the count as
 * {@code taskpod_remote_log_upload_failures_total}; a pod's worker says it in the try's log.
 */
public final class UploadFailures {

    private final AtomicLong count = new AtomicLong();

    void count() {
        count.incrementAndGet();
    }

    /** Failures so far. */
    public long total() {
        return count.get();
    }
}
