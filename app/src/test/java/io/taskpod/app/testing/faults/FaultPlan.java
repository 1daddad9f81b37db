package io.taskpod.app.testing.faults;

import java.time.Duration;
import java.util.Random;

/**
 * The parameters of one fault-injection scenario: how many tasks, how many faults ({@code rounds}), and the seed of
 * every random choice (task durations, the point of the run each fault lands at, how long an outage lasts). Each
 * scenario names its defaults; system properties change them for every scenario:
 * <ul>
 *   <li>{@code taskpod.faults.seed}: the seed (default: a new one per run, printed, so a failure can be replayed);
 *   <li>{@code taskpod.faults.scale}: multiplies the default tasks and rounds (the {@code soak} profile sets it);
 *   <li>{@code taskpod.faults.tasks}, {@code taskpod.faults.rounds}: exact values instead.
 * </ul>
 */
public final class FaultPlan {

    private final String scenario;
    private final long seed;
    private final int tasks;
    private final int rounds;
    private final Random random;

    private FaultPlan(String scenario, long seed, int tasks, int rounds) {
        this.scenario = scenario;
        this.seed = seed;
        this.tasks = tasks;
        this.rounds = rounds;
        this.random = new Random(seed);
    }

    /** The plan of {@code scenario} from its defaults and the system properties; prints how to replay it. */
    public static FaultPlan of(String scenario, int defaultTasks, int defaultRounds) {
        int scale = Integer.getInteger("taskpod.faults.scale", 1);
        long seed = Long.getLong("taskpod.faults.seed", System.nanoTime());
        FaultPlan plan = new FaultPlan(scenario, seed, Integer.getInteger("taskpod.faults.tasks", defaultTasks * scale),
                Integer.getInteger("taskpod.faults.rounds", defaultRounds * scale));
        System.out.println("[faults] " + scenario + ": " + plan.describe());
        return plan;
    }

    public String scenario() {
        return scenario;
    }

    public long seed() {
        return seed;
    }

    public int tasks() {
        return tasks;
    }

    public int rounds() {
        return rounds;
    }

    /** A uniformly random whole number in [{@code from}, {@code to}]. */
    public int between(int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    /** A uniformly random duration in [{@code from}, {@code to}), to the millisecond. */
    public Duration between(Duration from, Duration to) {
        return from.plusMillis((long) (random.nextDouble() * to.minus(from).toMillis()));
    }

    /** True with probability {@code p}. */
    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** The parameters and the system properties that replay this plan. */
    public String describe() {
        return "seed " + seed + ", " + tasks + " tasks, " + rounds + " rounds (replay: -Dtaskpod.faults.seed=" + seed
                + " -Dtaskpod.faults.tasks=" + tasks + " -Dtaskpod.faults.rounds=" + rounds + ")";
    }
}
