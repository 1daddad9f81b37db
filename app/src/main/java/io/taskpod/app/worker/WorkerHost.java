package io.taskpod.app.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Objects;

/**
 * Where a worker runs: the host name (in a pod, {@code $HOSTNAME} is the pod name) and the process id, recorded
 * on the task instance when the worker claims a try.
 */
public record WorkerHost(String hostname, long pid) {

    public WorkerHost {
        Objects.requireNonNull(hostname, "hostname");
    }

    /** This process: {@code $HOSTNAME} when set, else the name the system resolves for the local host. */
    public static WorkerHost current(Map<String, String> environment) {
        return new WorkerHost(hostname(environment), ProcessHandle.current().pid());
    }

    /** {@code $HOSTNAME} when set, else the local host's name, else {@code localhost}. */
    public static String hostname(Map<String, String> environment) {
        String fromEnvironment = environment.get("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
