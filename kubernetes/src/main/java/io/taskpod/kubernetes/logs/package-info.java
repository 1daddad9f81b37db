/**
 * Reading a running try's log from its pod through the API server, for {@code taskpod tasks logs} while the try's
 * log file does not exist yet (Airflow's {@code get_task_log}). Depends on fabric8 only.
 */
package io.taskpod.kubernetes.logs;
