package io.taskpod.kubernetes.executor;

import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;

/** What the executor's collaborators may do to the scheduler-facing state: the {@code BaseExecutor} side. */
interface TaskReports {

    /** The try ended in {@code state} (the worker's recorded state): an event for the scheduler. */
    void finished(TaskInstanceKey key, TaskState state, String info);

    /** The try failed for {@code reason}: an event, and the reason is appended to the task's log. */
    void failed(TaskInstanceKey key, String reason);

    /** A line in the try's log, without an event. */
    void logged(TaskInstanceKey key, String message);

    /** The try is no longer this executor's, without an event (its pod moved away, or its worker refused it). */
    void dropped(TaskInstanceKey key);

    /** The try is this executor's (adopted). */
    void owned(TaskInstanceKey key);

    /** True when the try is queued here or owned. */
    boolean knows(TaskInstanceKey key);
}
