package io.taskpod.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void firstColumnLeftTheOthersRightAligned() {
        String table = new TextTable("phase", "tasks/s").row("spawn", "476.2").row("scheduler phase", "1.5").render();

        assertThat(table.lines()).containsExactly(
                "phase            tasks/s",
                "---------------  -------",
                "spawn              476.2",
                "scheduler phase      1.5");
    }

    @Test
    void aRowMustFitTheHeader() {
        assertThatThrownBy(() -> new TextTable("a", "b").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }
}
