package io.taskpod.app.scheduler;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** The scheduler's stable id: {@code [scheduler] instance_id}, else the host name. */
public final class SchedulerIdentity {

    private SchedulerIdentity() {}

    /** The configured id (trimmed) or, when it is empty, {@code hostName}. */
    public static String resolve(Optional<String> configured, String hostName) {
        return configured.map(String::trim).filter(id -> !id.isEmpty()).orElse(hostName);
    }

    /** This machine's host name, or {@code localhost} when it cannot be found. */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse("localhost");
        }
    }
}
