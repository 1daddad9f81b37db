/**
 * What happens to worker pods the executor is done with: the pure
 * {@link io.taskpod.kubernetes.cleanup.PodCleanupPolicy} returns a
 * {@link io.taskpod.kubernetes.cleanup.CleanupAction}, and the thin
 * {@link io.taskpod.kubernetes.cleanup.PodCleaner} carries it out.
 */
package io.taskpod.kubernetes.cleanup;
