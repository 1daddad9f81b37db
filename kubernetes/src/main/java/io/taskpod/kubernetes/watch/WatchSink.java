package io.taskpod.kubernetes.watch;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.api.PodSnapshot;
import io.taskpod.kubernetes.status.PodEventType;

/**
 * Where a {@link KubernetesJobWatcher} hands what it learns, in the order it learned it: the executor's inbox.
 * Called on the watcher's thread; must not block.
 */
public interface WatchSink {

    /** A pod event; the pod carries the event's resourceVersion. */
    void observed(PodScope scope, PodEventType type, Pod pod);

    /** Nothing changed in {@code scope} up to {@code resourceVersion}. */
    void bookmark(PodScope scope, String resourceVersion);

    /** A full list after a 410 or at start-up without a stored version; the watch continues from its version. */
    void listed(PodSnapshot snapshot);
}
