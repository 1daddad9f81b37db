package io.taskpod.store.task;

import io.taskpod.core.model.TaskInstance;

/** A task instance queued for too long, with how many times it was already requeued for that in this try. */
public record StuckTask(TaskInstance taskInstance, int requeues) {}
