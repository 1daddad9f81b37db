package io.taskpod.kubernetes.status;

import java.util.Objects;
import java.util.Optional;

/**
 * The container that explains a pod's failure: init or main, its name, whether it was waiting or terminated,
 * the reason, message and exit code Kubernetes reported.
 */
public record ContainerDetail(boolean init, String name, State state, Optional<String> reason, Optional<String> message,
        Optional<Integer> exitCode) {

    /** The container state that was reported. */
    public enum State { WAITING, TERMINATED }

    private static final int MAX_MESSAGE = 300;

    public ContainerDetail {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(exitCode, "exitCode");
    }

    /** The kernel killed the container for exceeding its memory limit. */
    public boolean oomKilled() {
        return reason.filter("OOMKilled"::equals).isPresent();
    }

    /** E.g. {@code container base OOMKilled (exit code 137)} or {@code container base waiting: ErrImagePull (…)}. */
    public String describe() {
        StringBuilder text = new StringBuilder(init ? "init container " : "container ").append(name).append(' ');
        if (state == State.WAITING) {
            text.append("waiting: ").append(reason.orElse("no reason given"));
        } else {
            text.append(reason.orElse("terminated"));
            exitCode.ifPresent(code -> text.append(" (exit code ").append(code).append(')'));
        }
        message.filter(m -> !m.isBlank()).ifPresent(m -> text.append(": ").append(shorten(m)));
        return text.toString();
    }

    static String shorten(String message) {
        String oneLine = message.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "…";
    }
}
