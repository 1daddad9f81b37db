package io.taskpod.app.logs;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskpod.core.config.Config;
import io.taskpod.kubernetes.logs.PodReference;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Reads running pods' logs ({@link RunningPodLog}) through one Kubernetes client, made on the first read and reused
 * until {@link #close()}: for a long-lived process that reads many, the API server. A client that cannot be made
 * (configuration) is tried again on the next read.
 */
public final class SharedPodLogReader implements TaskLogReader.PodLogTail, AutoCloseable {

    private final Config config;
    private final Supplier<KubernetesClient> clients;
    private KubernetesClient client;
    private boolean closed;

    /** Reads through a client of the API server of {@code [kubernetes_executor]}. */
    public SharedPodLogReader(Config config) {
        this(config, () -> RunningPodLog.newClient(config));
    }

    SharedPodLogReader(Config config, Supplier<KubernetesClient> clients) {
        this.config = config;
        this.clients = clients;
    }

    @Override
    public String read(Path missingFile, PodReference pod) {
        return RunningPodLog.read(config, client(), missingFile, pod);
    }

    private synchronized KubernetesClient client() {
        if (closed) {
            throw new IllegalStateException("the pod log reader is closed");
        }
        if (client == null) {
            client = clients.get();
        }
        return client;
    }

    /** Closes the client, if one was made. */
    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.close();
        }
    }
}
