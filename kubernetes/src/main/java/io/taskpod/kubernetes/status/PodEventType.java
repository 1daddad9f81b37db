package io.taskpod.kubernetes.status;

/** How a pod was observed: a watch event, or an item of a list (reconcile, relist after 410). */
public enum PodEventType {
    ADDED,
    MODIFIED,
    DELETED,
    LISTED
}
