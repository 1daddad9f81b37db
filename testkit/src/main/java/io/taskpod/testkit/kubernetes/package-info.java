/**
 * Kubernetes for end-to-end and fault-injection tests: {@link io.taskpod.testkit.kubernetes.TestKubernetesApiServer}
 * (an API server on loopback with resumable watches, real validation, fault injection and request counts) and
 * {@link io.taskpod.testkit.kubernetes.TestKubelet} (a node that runs each pod's container as a local process and
 * writes pod status like a kubelet). Depends on fabric8's client and model, Vert.x (fabric8's HTTP stack) and
 * Jackson; never on the executor's modules, so tests identify pods by the names, labels and annotations they
 * pass in. Test scope only.
 */
package io.taskpod.testkit.kubernetes;
