package io.taskpod.app.logs;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskpod.core.config.Config;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.api.Fabric8KubernetesApi;
import io.taskpod.kubernetes.config.KubernetesClientFactory;
import io.taskpod.kubernetes.config.KubernetesConfigKeys;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import io.taskpod.kubernetes.executor.KubernetesExecutor;
import io.taskpod.kubernetes.logs.PodReference;
import io.taskpod.kubernetes.logs.RunningPodLogs;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The second source of a try's log ({@link TaskLogReader}): while a try's log file does not exist yet (no shared log
 * volume, or the worker has not written it), the tail of its pod's log, read through the API server of
 * {@code [kubernetes_executor]}. Only for the task instance's current try whose external executor id names a pod
 * ({@code namespace/pod-name}).
 */
public final class RunningPodLog {

    private RunningPodLog() {}

    /** The pod that runs the try, when the database says one does. */
    public static Optional<PodReference> podOf(TaskInstance current, TaskInstanceKey key) {
        if (current.key().tryNumber() != key.tryNumber()) {
            return Optional.empty();
        }
        return current.externalExecutorId().flatMap(PodReference::parse);
    }

    /**
     * A header saying where the text comes from, then the last {@code running_pod_log_lines} lines of the pod's
     * {@code base} container, read through a client made for this one read.
     *
     * @throws RunningPodLogs.PodLogException when the pod's log cannot be read
     */
    public static String read(Config config, Path missingFile, PodReference pod) {
        try (KubernetesClient client = newClient(config)) {
            return read(config, client, missingFile, pod);
        }
    }

    /** {@link #read(Config, Path, PodReference)} through {@code client}, which stays open. */
    static String read(Config config, KubernetesClient client, Path missingFile, PodReference pod) {
        Fabric8KubernetesApi api = new Fabric8KubernetesApi(client, KubernetesExecutor.DEFAULT_WATCH_SERVER_TIMEOUT);
        RunningPodLogs logs = new RunningPodLogs(api, config.get(KubernetesConfigKeys.RUNNING_POD_LOG_LINES));
        String tail = logs.tail(pod);
        return "*** " + missingFile + " does not exist yet; the last " + logs.lines() + " lines of pod " + pod
                + " (container base), read through the Kubernetes API:\n" + tail;
    }

    /** A client of the API server of {@code [kubernetes_executor]}. */
    static KubernetesClient newClient(Config config) {
        return new KubernetesClientFactory(System.getenv(), Path.of(System.getProperty("user.home")))
                .create(KubernetesExecutorSettings.from(config));
    }
}
