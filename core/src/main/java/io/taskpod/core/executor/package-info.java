/**
 * The executor contract ({@link io.taskpod.core.executor.BaseExecutor}, Airflow's {@code BaseExecutor}), the
 * workload handed to executors, the events they report, the LocalExecutor that runs each try's task as a child
 * process of the scheduler (with the watchdog that stops those tasks should the scheduler die), and routing between
 * several executors.
 */
package io.taskpod.core.executor;
