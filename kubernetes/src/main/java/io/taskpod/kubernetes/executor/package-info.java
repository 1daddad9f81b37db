/**
 * The {@link io.taskpod.kubernetes.executor.KubernetesExecutor} itself: the scheduler-thread state machine that
 * builds, launches, watches, reconciles, adopts and cleans up worker pods, and the plumbing between it and its
 * threads (an inbox of signals, the resourceVersion checkpoint). Depends on the sibling packages of this module,
 * {@code core} and fabric8 only; the database is reached through {@code io.taskpod.core.port}.
 */
package io.taskpod.kubernetes.executor;
