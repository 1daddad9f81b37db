/**
 * Adoption of pods launched by another run of this scheduler or by a dead scheduler: matching task instances to
 * pods ({@link io.taskpod.kubernetes.adoption.AdoptionMatcher}) and the race-free relabel
 * ({@link io.taskpod.kubernetes.adoption.PodHandover}).
 */
package io.taskpod.kubernetes.adoption;
