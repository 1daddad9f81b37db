/**
 * Launching pods: the {@link io.taskpod.kubernetes.launch.PodLauncher}, which creates them concurrently off the
 * scheduler thread, and its pure decisions: what a failed create means
 * ({@link io.taskpod.kubernetes.launch.CreateErrorClassifier}), whether and when to try again
 * ({@link io.taskpod.kubernetes.launch.PublishRetryPolicy}), and whether a create may start now
 * ({@link io.taskpod.kubernetes.launch.TokenBucket}). Time and randomness are injected; nothing sleeps.
 */
package io.taskpod.kubernetes.launch;
