/**
 * The executor contract ({@link io.taskpod.core.executor.BaseExecutor}, Airflow's {@code BaseExecutor}), the
 * workload handed to executors, the events they report, the LocalExecutor that runs each task instance as a
 * local worker process, and routing between several executors.
 */
package io.taskpod.core.executor;
