/**
 * The HTTP server of {@code taskpod scheduler}, {@code taskpod standalone} and {@code taskpod api-server}
 * (Javalin): {@code /health} for liveness and readiness probes, {@code /metrics} in Prometheus' text format, a small
 * JSON API over the store's repositories ({@code /api/v1/...}: DAGs, runs, task instances, their transitions and
 * logs, and triggering a run), and one static HTML page at {@code /}. Reads go through the store's repositories;
 * triggering and log reading reuse the CLI's code paths ({@link io.taskpod.app.scheduler.RunTrigger},
 * {@link io.taskpod.app.worker.TaskLogReader}). Depends on core, store, the app's scheduler and worker packages, and
 * never on the CLI.
 */
package io.taskpod.app.api;
