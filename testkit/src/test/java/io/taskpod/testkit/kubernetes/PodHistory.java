package io.taskpod.testkit.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every state a pod goes through, as a watch sees it, in a compact form for assertions. */
final class PodHistory implements Watcher<Pod>, AutoCloseable {

    final List<Pod> versions = new CopyOnWriteArrayList<>();
    private final String name;
    private final Watch watch;

    /** Watches from {@code resourceVersion}, so no state after it is missed however late the watch starts. */
    PodHistory(KubernetesClient client, String namespace, String name, String resourceVersion) {
        this.name = name;
        this.watch = client.pods().inNamespace(namespace).withField("metadata.name", name)
                .withResourceVersion(resourceVersion).watch(this);
    }

    @Override
    public void eventReceived(Action action, Pod pod) {
        if (pod.getMetadata().getName().equals(name)) {
            versions.add(pod);
        }
    }

    @Override
    public void onClose(WatcherException cause) {}

    /** e.g. {@code Pending ContainerCreating}, {@code Running running}, {@code Succeeded Completed 0}. */
    List<String> states() {
        return versions.stream().map(PodHistory::describe).distinct().toList();
    }

    Pod last() {
        return versions.getLast();
    }

    static String describe(Pod pod) {
        String phase = pod.getStatus() == null ? "" : pod.getStatus().getPhase();
        Optional<ContainerStatus> base = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                ? Optional.empty()
                : pod.getStatus().getContainerStatuses().stream().filter(c -> c.getName().equals("base")).findFirst();
        String container = base.map(status -> {
            if (status.getState().getWaiting() != null) {
                return " " + status.getState().getWaiting().getReason();
            }
            if (status.getState().getRunning() != null) {
                return " running";
            }
            return " " + status.getState().getTerminated().getReason() + " "
                    + status.getState().getTerminated().getExitCode();
        }).orElse("");
        return phase + container;
    }

    @Override
    public void close() {
        watch.close();
    }
}
