/**
 * Composition: from a checked {@code Config} to a running system. Resolves the metadata database (the configured
 * server, or the embedded PostgreSQL when {@code [database] url} is empty), builds the executors {@code [core]
 * executor} names through {@link io.taskpod.app.runtime.ExecutorFactory}, wires schedulers, and turns SIGTERM into
 * an orderly stop.
 */
package io.taskpod.app.runtime;
