package io.taskpod.benchmarks.local;

import java.time.Duration;

/**
 * The scheduler's own share of the scheduler phase.
 *
 * @param loopThreadCpu CPU time of the thread that runs the scheduler loop (it also starts the worker processes)
 * @param iterations loop iterations
 * @param loopWall wall time spent inside loop iterations (the rest of the phase the loop was pausing, idle)
 */
record SchedulerFigures(Duration loopThreadCpu, long iterations, Duration loopWall) {}
