/**
 * The LocalExecutor benchmark: one DAG run of N independent no-op tasks through the real scheduler, the real
 * LocalExecutor and real {@code taskpod tasks run} worker processes on the embedded PostgreSQL, against three
 * baselines measured in the same run (process spawn, worker JVM start-up, the workers without a scheduler).
 * {@link io.taskpod.benchmarks.local.LocalExecutorBenchmark} is the entry point; docs/benchmarks.md explains the
 * figures.
 */
package io.taskpod.benchmarks.local;
