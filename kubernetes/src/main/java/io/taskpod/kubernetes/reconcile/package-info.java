/**
 * The periodic reconcile as pure decisions: {@link io.taskpod.kubernetes.reconcile.PodReconciler} compares a pod
 * list with the tries the executor owns, {@link io.taskpod.kubernetes.reconcile.UnknownPodDecision} settles pods
 * nobody owns from what the database says.
 */
package io.taskpod.kubernetes.reconcile;
