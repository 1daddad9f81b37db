/** Value types of the domain: task instance keys, task and DAG run states, task instance snapshots. */
package io.taskpod.core.model;
