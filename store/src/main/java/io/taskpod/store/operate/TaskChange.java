package io.taskpod.store.operate;

import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskState;

/**
 * One task instance a manual action changed (or, in a dry run, would change).
 *
 * @param tryNumber the try the task instance was at
 * @param stopRequested whether that try was queued or running, so its scheduler was asked to stop it
 */
public record TaskChange(TaskInstanceId id, int tryNumber, TaskState from, TaskState to, boolean stopRequested) {}
