/** The KubernetesExecutor's Micrometer meters, in one place. */
package io.taskpod.kubernetes.metrics;
