/**
 * The {@code task_instance} table as the scheduler uses it: compare-and-set transitions, the queueing critical
 * section, the finders behind the timers (stuck in queued, zombies, orphans), the transition log, and core's
 * {@code TaskStateLookup}. The worker's own operations live in {@code io.taskpod.store.worker}.
 */
package io.taskpod.store.task;
