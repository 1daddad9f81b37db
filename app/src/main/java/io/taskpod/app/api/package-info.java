/**
 * The HTTP server of {@code taskpod scheduler}, {@code taskpod standalone} and {@code taskpod api-server}
 * (Javalin): {@code /health} for liveness and readiness probes, {@code /metrics} in Prometheus' text format, a small
 * JSON API over the store's repositories ({@code /api/v1/...}: DAGs, runs, task instances, their transitions and
 * logs, the grid and graph of a DAG, and the manual actions), and the web page ({@link io.taskpod.app.api.WebUi}: ES
 * modules under {@code /ui}, one HTML shell at every address of a view). Reads go through the store's repositories;
 * triggering and log reading reuse the CLI's code paths ({@link io.taskpod.app.scheduler.RunTrigger},
 * {@link io.taskpod.app.logs.TaskLogReader}). Depends on core, store, the app's scheduler and logs packages, and
 * never on the CLI or the worker.
 */
package io.taskpod.app.api;
