package io.taskpod.kubernetes.pod;

/** A pod whose annotations do not identify a try: not a worker pod, or one whose annotations were edited. */
public final class InvalidPodIdentityException extends IllegalArgumentException {

    public InvalidPodIdentityException(String message) {
        super(message);
    }
}
