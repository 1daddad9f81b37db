/**
 * The core of taskpod: the domain model (DAGs, task instances and their states), the executor contract
 * with the LocalExecutor and executor routing, typed configuration, and the narrow ports through which
 * executors reach persistent state. Depends on nothing but the JDK, SLF4J and Micrometer's API: no
 * database, Kubernetes or file-format libraries live here.
 */
package io.taskpod.core;
