package io.taskpod.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void readsOwnAndReapedChildrenTimesAfterACommandNameWithSpacesAndParentheses() {
        String line = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 200 0 0 150 25 300 12 20 0 30 0 1000 0 0";

        ProcStat stat = ProcStat.parse(line);

        assertThat(stat.own()).isEqualTo(Duration.ofMillis(1750));
        assertThat(stat.reapedChildren()).isEqualTo(Duration.ofMillis(3120));
        assertThat(stat.total()).isEqualTo(Duration.ofMillis(4870));
    }

    @Test
    void thisProcessHasAStatOnLinux() {
        assertThat(ProcStat.self()).hasValueSatisfying(stat -> assertThat(stat.own()).isPositive());
    }
}
