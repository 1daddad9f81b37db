package io.taskpod.kubernetes.logs;

import io.taskpod.kubernetes.api.KubernetesApi;
import io.taskpod.kubernetes.api.KubernetesApiException;
import io.taskpod.kubernetes.pod.PodLabels;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The last {@code running_pod_log_lines} lines of a pod's {@code base} container, read through the API server
 * ({@code pods/log}, no follow, through the {@link KubernetesApi} seam), with ANSI escape codes removed, as Airflow's {@code get_task_log} does.
 */
public final class RunningPodLogs {

    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]");

    private final KubernetesApi api;
    private final int lines;

    /** @param lines how many lines from the end to read; at least 1 */
    public RunningPodLogs(KubernetesApi api, int lines) {
        if (lines < 1) {
            throw new IllegalArgumentException("lines must be >= 1, got " + lines);
        }
        this.api = api;
        this.lines = lines;
    }

    public int lines() {
        return lines;
    }

    /**
     * The tail of the pod's log.
     *
     * @throws PodLogException with the API server's message when the pod or its log cannot be read
     */
    public String tail(PodReference pod) {
        String log;
        try {
            log = api.podLog(pod.namespace(), pod.name(), PodLabels.BASE_CONTAINER, lines);
        } catch (KubernetesApiException e) {
            throw new PodLogException("reading the log of pod " + pod + " failed: " + e.apiMessage());
        }
        return lastLines(ANSI_ESCAPE.matcher(log == null ? "" : log).replaceAll(""));
    }

    private String lastLines(String text) {
        List<String> all = text.lines().toList();
        List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
        return tail.isEmpty() ? "" : String.join("\n", tail) + "\n";
    }

    /** The pod's log could not be read; the message says why. */
    public static final class PodLogException extends RuntimeException {
        PodLogException(String message) {
            super(message);
        }
    }
}
