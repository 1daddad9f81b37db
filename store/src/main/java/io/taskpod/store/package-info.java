/**
 * The PostgreSQL metadata store: connection pool and Flyway migrations ({@link io.taskpod.store.Database}),
 * repositories for DAGs, runs, task instances, schedulers and resourceVersions, and the embedded server used by
 * standalone mode. Depends on core only; implements core's ports.
 */
package io.taskpod.store;
