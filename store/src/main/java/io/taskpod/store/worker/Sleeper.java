package io.taskpod.store.worker;

import java.time.Duration;

/** Waits between retries; tests pass one that advances a fake clock instead. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    static Sleeper system() {
        return duration -> Thread.sleep(duration);
    }
}
