package io.taskpod.app.remotelog;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An object store that keeps task logs, addressed by their path under the base log folder's layout
 * ({@code dag_id=…/run_id=…/task_id=…/attempt=N.log}). Every method throws {@link RemoteLogException} when the store
 * cannot be reached or refuses; none retries on its own beyond the client's own few attempts.
 */
public interface RemoteLogStore extends AutoCloseable {

    /** Replaces the object at {@code relativePath} with the file's content. */
    void put(String relativePath, Path file);

    /** Replaces the object at {@code relativePath} with {@code content}. */
    void put(String relativePath, byte[] content);

    /** The object's content, or empty when there is none. */
    Optional<byte[]> get(String relativePath);

    /** Where the object is, as users name it ({@code s3://bucket/key}). */
    String location(String relativePath);

    @Override
    void close();
}
