/**
 * The composition root: the CLI, the scheduler, the worker ({@code tasks run}), the web/API server and
 * standalone mode. Wires the store (PostgreSQL) and the kubernetes module together; nothing below depends on it.
 */
package io.taskpod.app;
