package io.taskpod.kubernetes.pod;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The layer the executor generates for one launch, merged over the template and under the task's override:
 * name, namespace, identity labels and annotations, {@code restartPolicy: Never}, and container {@code base} with
 * the worker command as {@code args}, the configured worker image (over the template's), and {@code TASKPOD_IS_K8S_EXECUTOR_POD=True}.
 *
 * <p>Command and args: the worker command is {@code taskpod tasks run …}; {@code args} gets everything after the
 * program name and {@code command} is left to the template. An image whose entrypoint is {@code taskpod} runs it
 * as is; a template may set {@code command} (e.g. {@code ["/opt/taskpod/bin/taskpod"]} or a wrapper script). A
 * node-less runner (the test kubelet) runs {@code command} + {@code args}, with {@code taskpod} when no command is set.
 */
final class GeneratedPodLayer {

    /** Tells {@code kubectl logs} and {@code kubectl exec} which container to use. */
    static final String DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";

    private GeneratedPodLayer() {}

    static ObjectNode of(PodIdentity identity, String namespace, Optional<String> image, List<String> workerArgs) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode pod = nodes.objectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata").put("name", identity.podName()).put("namespace", namespace);
        ObjectNode labels = metadata.putObject("labels");
        identity.labels().forEach(labels::put);
        ObjectNode annotations = metadata.putObject("annotations");
        identity.annotations().forEach(annotations::put);
        annotations.put(DEFAULT_CONTAINER_ANNOTATION, PodLabels.BASE_CONTAINER);
        ObjectNode spec = pod.putObject("spec").put("restartPolicy", "Never");
        ObjectNode base = spec.putArray("containers").addObject().put("name", PodLabels.BASE_CONTAINER);
        image.ifPresent(i -> base.put("image", i));
        workerArgs.forEach(base.putArray("args")::add);
        base.putArray("env").addObject().put("name", PodLabels.IS_K8S_EXECUTOR_POD_ENV).put("value", PodLabels.TRUE);
        return pod;
    }
}
