/**
 * Reading a try's log, for {@code taskpod tasks logs} and the API: the log file, a running pod's log through the
 * Kubernetes API, or the remote copy ({@link io.taskpod.app.logs.TaskLogReader}). Writing logs is the worker's.
 */
package io.taskpod.app.logs;
