package io.taskpod.app.testing.faults;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The faults of the chaos soak ({@link ChaosMonkey} injects them), each described as the fault log shows it. */
public enum ChaosFault {
    KILL_SAME_ID("scheduler SIGKILLed, restarted with the same id"),
    KILL_NEW_ID("scheduler SIGKILLed, replaced by one with a new id"),
    WATCH_CUT("watch connections cut"),
    WATCH_GONE("watches ended with 410 Gone"),
    SHORT_API_OUTAGE("API server down, shorter than task_queued_timeout"),
    LONG_API_OUTAGE("API server down, longer than task_queued_timeout"),
    POSTGRES_RESTART("PostgreSQL stopped and started"),
    POD_DELETE("a Pending pod deleted by a third party"),
    QUOTA_403("pod creates refused: 403 exceeded quota"),
    THROTTLE_429("pod creates throttled: 429 with Retry-After");

    private final String description;

    ChaosFault(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /**
     * {@code count} faults in the plan's seeded order: every kind at least once (when {@code count} allows), the rest
     * drawn at random.
     */
    public static List<ChaosFault> schedule(int count, FaultPlan plan) {
        List<ChaosFault> faults = new ArrayList<>(Arrays.asList(values()));
        while (faults.size() < count) {
            faults.add(values()[plan.between(0, values().length - 1)]);
        }
        for (int i = faults.size() - 1; i > 0; i--) {
            Collections.swap(faults, i, plan.between(0, i));
        }
        return List.copyOf(faults.subList(0, count));
    }
}
