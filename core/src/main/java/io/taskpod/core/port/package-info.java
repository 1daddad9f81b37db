/**
 * Narrow interfaces through which executors reach persistent state they do not own. The store module
 * implements them on PostgreSQL; the kubernetes module uses them and knows nothing of the database.
 */
package io.taskpod.core.port;
