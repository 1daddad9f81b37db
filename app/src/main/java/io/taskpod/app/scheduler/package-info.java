/**
 * The scheduler: its loop ({@link io.taskpod.app.scheduler.Scheduler}) and the pure decisions it applies (when
 * scheduled runs are due, what waiting task instances become, which ready ones to queue, when a run is over).
 * Depends on core (model, executor contract, retry policy) and on the store's repositories; builds nothing itself
 * (see {@code io.taskpod.app.runtime}).
 */
package io.taskpod.app.scheduler;
