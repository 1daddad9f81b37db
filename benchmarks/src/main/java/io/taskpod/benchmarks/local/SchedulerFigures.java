package io.taskpod.benchmarks.local;

import java.time.Duration;

/**
 * The scheduler's own share of the scheduler phase.
 *
 * @param loopThreadCpu CPU time of the thread that runs the scheduler loop
 * @param iterations loop iterations
 * @param loopWall wall time spent inside loop iterations (the rest of the phase the loop was pausing, idle)
 * @param longestIteration the longest loop iteration
 * @param longIterations how many iterations took longer than {@link SchedulerPhase#LONG_ITERATION}
 * @param peakHeapBytes the most heap in use at any sample (every 100 ms), garbage included
 * @param heapLimitBytes the JVM's maximum heap ({@code -Xmx})
 */
record SchedulerFigures(Duration loopThreadCpu, long iterations, Duration loopWall, Duration longestIteration,
        long longIterations, long peakHeapBytes, long heapLimitBytes) {}
