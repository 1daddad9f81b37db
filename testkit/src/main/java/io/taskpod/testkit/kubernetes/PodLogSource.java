package io.taskpod.testkit.kubernetes;

import java.util.Optional;

/** Where the API server reads a pod's container log from, as it asks a node's kubelet in Kubernetes. */
@FunctionalInterface
interface PodLogSource {

    /** The log of a pod this source runs, if it runs it. */
    Optional<String> logs(String namespace, String pod);
}
