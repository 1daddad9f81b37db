/**
 * The {@code [kubernetes_executor]} configuration keys ({@link io.taskpod.kubernetes.config.KubernetesConfigKeys}),
 * the typed, validated settings read from them once at start-up
 * ({@link io.taskpod.kubernetes.config.KubernetesExecutorSettings}), and the factory that turns the settings into a
 * fabric8 {@code KubernetesClient} ({@link io.taskpod.kubernetes.config.KubernetesClientFactory}).
 */
package io.taskpod.kubernetes.config;
