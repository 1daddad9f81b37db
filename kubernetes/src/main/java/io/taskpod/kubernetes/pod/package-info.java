/**
 * Worker pods as pure values: deterministic names ({@link io.taskpod.kubernetes.pod.PodNames}), the label and
 * annotation keys and selectors ({@link io.taskpod.kubernetes.pod.PodLabels},
 * {@link io.taskpod.kubernetes.pod.PodSelectors}), safe label values
 * ({@link io.taskpod.kubernetes.pod.LabelValues}), mapping a pod back to its try
 * ({@link io.taskpod.kubernetes.pod.PodIdentity}), and building a pod from template, generated layer and
 * {@code executor_config} ({@link io.taskpod.kubernetes.pod.PodFactory}). Nothing here calls the API server.
 */
package io.taskpod.kubernetes.pod;
