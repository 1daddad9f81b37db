package io.taskpod.app.scheduler;

/** Another live process uses this scheduler's id; this one must not run. */
public final class SchedulerIdTakenException extends RuntimeException {

    public SchedulerIdTakenException(String message) {
        super(message);
    }
}
