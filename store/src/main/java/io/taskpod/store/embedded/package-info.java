/** The embedded PostgreSQL server taskpod runs when no database URL is configured. */
package io.taskpod.store.embedded;
