/**
 * The executor's one I/O seam to the API server ({@link io.taskpod.kubernetes.api.KubernetesApi}), its fabric8
 * implementation, and paginated listing. Everything that decides works on the values these calls return.
 */
package io.taskpod.kubernetes.api;
