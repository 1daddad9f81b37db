/**
 * The pod watch: one {@link io.taskpod.kubernetes.watch.KubernetesJobWatcher} per watched scope, a list/watch
 * state machine that resumes from a resourceVersion, relists on 410, reconnects with backoff and restarts silent
 * watches, handing everything to the executor through a {@link io.taskpod.kubernetes.watch.WatchSink}.
 */
package io.taskpod.kubernetes.watch;
