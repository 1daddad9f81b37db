package io.taskpod.app.dag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagDefaultsTest {

    @Test
    void standardDefaultsAreAirflowsFromTheConfigurationKeys() {
        assertThat(DagDefaults.standard())
                .isEqualTo(new DagDefaults("default", 0, Duration.ofMinutes(5), 16, 16, true, List.of()));
    }
}
