package io.taskpod.app.testing.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

/** Keeps a fault in place for its seeded length: the length is the fault's parameter, nothing waits on it. */
public final class Outage {

    private Outage() {}

    /** Returns after {@code length}. */
    public static void last(Duration length) {
        await().pollDelay(length).atMost(length.plusSeconds(5)).until(() -> true);
    }
}
