package io.taskpod.kubernetes.api;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.kubernetes.status.PodEventType;

/**
 * Receives what one pod watch delivers, in order, on a thread of the client. After {@link #closed} nothing more
 * arrives.
 */
public interface PodWatchListener {

    /** An ADDED, MODIFIED or DELETED event. */
    void onEvent(PodEventType type, Pod pod);

    /** A BOOKMARK: nothing changed up to {@code resourceVersion}. */
    void onBookmark(String resourceVersion);

    /**
     * The watch ended: {@code gone} when the server answered 410 (the resourceVersion is too old: list again);
     * otherwise the connection dropped or the server ended the watch.
     */
    void closed(boolean gone, String reason);
}
