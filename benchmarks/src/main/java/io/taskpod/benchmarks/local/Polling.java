package io.taskpod.benchmarks.local;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** Waits for something the benchmark can only observe by asking (the database, a counter), with a deadline. */
final class Polling {

    /** One look; empty means not yet. */
    @FunctionalInterface
    interface Probe<T> {
        Optional<T> poll() throws SQLException;
    }

    private Polling() {}

    static <T> T until(String what, Duration timeout, Duration interval, Probe<T> probe)
            throws SQLException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> result = probe.poll();
            if (result.isPresent()) {
                return result.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException(what + " did not happen within " + timeout);
            }
            Thread.sleep(interval);
        }
    }
}
