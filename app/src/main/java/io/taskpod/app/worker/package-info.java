/**
 * The worker ({@code taskpod tasks run}): claims one try of a task instance, runs its command with the
 * documented environment, writes the task log, heartbeats, enforces {@code execution_timeout}, and records the
 * final state. Also what runs workers: the local process launcher wiring ({@link io.taskpod.app.worker.CurrentJvm},
 * {@link io.taskpod.app.worker.LocalExecutors}) and the in-process executor of {@code dags test}.
 */
package io.taskpod.app.worker;
