/**
 * What every taskpod benchmark shares: CPU accounting of this JVM, its children and a process tree (Linux
 * {@code /proc}), PostgreSQL statement counts ({@code pg_stat_statements}), percentiles, the machine description and
 * a plain-text table. A benchmark lives in a sub-package, runs the product's real code paths, measures a baseline in
 * the same run and prints its figures; none of them asserts a time. May depend on every taskpod module.
 */
package io.taskpod.benchmarks;
