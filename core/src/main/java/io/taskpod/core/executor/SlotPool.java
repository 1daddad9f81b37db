package io.taskpod.core.executor;

import java.util.Collection;
import java.util.Objects;

/**
 * One budget of an executor's slots and the queues whose tasks draw from it. A plain executor has one pool for
 * every queue; the {@link LocalKubernetesExecutor} has one per side, so a full side never takes the other's slots.
 *
 * @param name the pool's name, unique within its executor
 * @param free how many more workloads of these queues the scheduler may queue now ({@link Integer#MAX_VALUE}:
 *     unlimited)
 */
public record SlotPool(String name, QueueSet queues, int free) {

    public SlotPool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(queues, "queues");
        if (free < 0) {
            throw new IllegalArgumentException("free slots must be >= 0, got " + free);
        }
    }

    /** The free slots of all the pools, {@link Integer#MAX_VALUE} when that is unlimited or more. */
    public static int totalFree(Collection<SlotPool> pools) {
        long total = 0;
        for (SlotPool pool : pools) {
            total += pool.free();
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }
}
