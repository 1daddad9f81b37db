package io.taskpod.kubernetes.api;

/** An open pod watch; closing it stops its events without a {@link PodWatchListener#closed} callback. */
@FunctionalInterface
public interface WatchHandle extends AutoCloseable {

    @Override
    void close();
}
