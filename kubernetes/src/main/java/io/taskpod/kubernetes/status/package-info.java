/**
 * Pure classification of observed worker pods ({@link io.taskpod.kubernetes.status.PodStatusClassifier}) into a
 * closed set of outcomes ({@link io.taskpod.kubernetes.status.PodOutcome}), with the failure details a user needs
 * to see why a pod failed or never ran ({@link io.taskpod.kubernetes.status.FailureDetails}). No I/O: the watcher
 * and the reconcile feed pods in and carry out what the outcome says.
 */
package io.taskpod.kubernetes.status;
