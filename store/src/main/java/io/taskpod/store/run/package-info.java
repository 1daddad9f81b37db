/** The {@code dag_run} table: creating DAG runs with their task instances, starting and finishing them. */
package io.taskpod.store.run;
