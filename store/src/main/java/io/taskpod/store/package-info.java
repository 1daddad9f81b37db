/**
 * The PostgreSQL metadata store: connection pool and Flyway migrations ({@link io.taskpod.store.Database}), plain
 * JDBC helpers ({@link io.taskpod.store.Jdbc}), and per table a repository that does no deciding: {@code dag},
 * {@code run}, {@code task} (compare-and-set transitions, the queueing critical section, the transition log),
 * {@code scheduler} (rows, heartbeats, the id lock), {@code kubernetes} (the resourceVersion store) and
 * {@code embedded} (the embedded server used when no database URL is configured). Depends on core only and
 * implements core's ports.
 */
package io.taskpod.store;
