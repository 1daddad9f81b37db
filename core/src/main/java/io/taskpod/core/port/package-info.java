/**
 * Narrow interfaces through which executors and the code that runs tries reach persistent state they do not own,
 * with the values they exchange. The store module implements them on PostgreSQL; the kubernetes module and the
 * LocalExecutor's supervisor use them and know nothing of the database.
 */
package io.taskpod.core.port;
