/**
 * The LocalExecutor benchmark: one DAG run of N independent no-op tasks through the real scheduler and the real
 * LocalExecutor on the embedded PostgreSQL, against a baseline measured in the same run (the same processes spawned
 * and the same final rows written with plain JDBC), and the worker JVM a pod runs per try, before and with the
 * ahead-of-time cache. {@link io.taskpod.benchmarks.local.LocalExecutorBenchmark} is the entry point;
 * docs/benchmarks.md explains the figures.
 */
package io.taskpod.benchmarks.local;
