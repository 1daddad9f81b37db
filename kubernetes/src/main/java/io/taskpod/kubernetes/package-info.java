/**
 * The KubernetesExecutor's building blocks: typed {@code [kubernetes_executor]} settings and the fabric8 client
 * factory ({@code config}), deterministic pod names, labels and annotations and the pod factory ({@code pod}),
 * the pure pod-status classifier ({@code status}) and the pure launch decisions: create-error classification,
 * publish retries and the client-side token bucket ({@code launch}). Depends on {@code core} and fabric8 only;
 * reaches the database through the ports in {@code io.taskpod.core.port}.
 */
package io.taskpod.kubernetes;
