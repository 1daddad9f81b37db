/**
 * What happens to worker pods the executor is done with: the pure
 * {@link io.taskpod.kubernetes.cleanup.PodCleanupPolicy} returns a
 * {@link io.taskpod.kubernetes.cleanup.CleanupAction}, and the thin
 * {@link io.taskpod.kubernetes.cleanup.PodCleaner} carries it out. And the pods nobody is handling any more:
 * {@link io.taskpod.kubernetes.cleanup.StalePodRule} picks finished and never-started worker pods of any scheduler,
 * and {@link io.taskpod.kubernetes.cleanup.StalePodSweeper} deletes them ({@code taskpod kubernetes cleanup-pods}).
 */
package io.taskpod.kubernetes.cleanup;
