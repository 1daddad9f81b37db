package io.taskpod.benchmarks.local;

import io.taskpod.benchmarks.CpuSample;
import io.taskpod.benchmarks.Machine;
import io.taskpod.benchmarks.PgStatements;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/** Takes a phase's CPU and statement figures: {@link #start} before it, {@link Started#finish} after it. */
final class PhaseMeter {

    private static final int TOP_STATEMENTS = 8;

    private final long serverPid;
    private final PgStatements statements;

    PhaseMeter(long serverPid, PgStatements statements) {
        this.serverPid = serverPid;
        this.statements = statements;
    }

    /** A phase being measured. */
    final class Started {

        private final CpuSample before;

        private Started(CpuSample before) {
            this.before = before;
        }

        PhaseResult finish(String name, int tasks, Duration wall, Optional<Latencies> latencies) throws SQLException {
            CpuSample used = CpuSample.take(serverPid).minus(before);
            return new PhaseResult(name, tasks, wall, used, statements.counts(TOP_STATEMENTS), Machine.loadAverage(),
                    latencies);
        }
    }

    /** Counts statements from zero and samples CPU now. */
    Started start() throws SQLException {
        statements.reset();
        return new Started(CpuSample.take(serverPid));
    }
}
