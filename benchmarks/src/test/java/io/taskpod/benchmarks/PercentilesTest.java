package io.taskpod.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfOneToHundredMilliseconds() {
        List<Duration> durations = IntStream.rangeClosed(1, 100).mapToObj(Duration::ofMillis).toList();

        assertThat(Percentiles.of(durations)).isEqualTo(new Percentiles(100, 50, 90, 99, 100));
    }

    @Test
    void aSingleValueIsEveryPercentile() {
        assertThat(Percentiles.of(List.of(Duration.ofMillis(7)))).isEqualTo(new Percentiles(1, 7, 7, 7, 7));
    }

    @Test
    void noValuesAreZero() {
        assertThat(Percentiles.of(List.of())).isEqualTo(new Percentiles(0, 0, 0, 0, 0));
    }
}
