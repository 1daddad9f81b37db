/**
 * Running one try of a task instance: claim it, run its command with the documented environment, write the task
 * log, heartbeat, enforce {@code execution_timeout}, record the final state ({@link io.taskpod.app.worker.TryExecution}).
 * Two callers share it: the worker of a pod ({@code taskpod tasks run}, {@link io.taskpod.app.worker.Worker}) and the
 * LocalExecutor's supervisor in the scheduler ({@link io.taskpod.app.worker.LocalTaskRunner},
 * {@link io.taskpod.app.runtime.LocalExecutors}), which {@code dags test} uses too.
 */
package io.taskpod.app.worker;
