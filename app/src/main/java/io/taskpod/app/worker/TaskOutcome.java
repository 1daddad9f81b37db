package io.taskpod.app.worker;

import java.time.Duration;
import java.util.Objects;

/** How a task's process ended, as the worker saw it. */
public sealed interface TaskOutcome {

    /** The process exited by itself with this code. */
    record Exited(int exitCode) implements TaskOutcome {}

    /** The process ran longer than the task's {@code execution_timeout} and was stopped. */
    record TimedOut(Duration executionTimeout) implements TaskOutcome {
        public TimedOut {
            Objects.requireNonNull(executionTimeout, "executionTimeout");
        }
    }

    /** The worker was asked to stop (SIGTERM) and stopped the task. */
    record Stopped(StopSignal.Request request) implements TaskOutcome {
        public Stopped {
            Objects.requireNonNull(request, "request");
        }
    }

    /** The try stopped being this worker's (state changed externally) and the task was stopped. */
    record Lost(String reason) implements TaskOutcome {
        public Lost {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The command could not be started (e.g. its program does not exist). */
    record FailedToStart(String reason) implements TaskOutcome {
        public FailedToStart {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
