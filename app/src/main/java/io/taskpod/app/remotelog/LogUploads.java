package io.taskpod.app.remotelog;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Starts the uploads of a try's log file to the remote store ({@link RemoteLogUploads}), or none. */
@FunctionalInterface
public interface LogUploads {

    /** No remote logging: nothing is uploaded. */
    LogUploads NONE = (relativePath, file, note) -> () -> {};

    /**
     * Starts uploading {@code file} at intervals while the try runs.
     *
     * @param note appends a line of the worker's own to the try's log (failures, retries)
     */
    Upload start(String relativePath, Path file, Consumer<String> note);

    /** The uploads of one try; {@link #close()} makes the last one, retried, before the log is closed. */
    interface Upload extends AutoCloseable {
        @Override
        void close();
    }
}
