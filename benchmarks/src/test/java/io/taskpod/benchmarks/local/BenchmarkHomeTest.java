package io.taskpod.benchmarks.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkHomeTest {

    @Test
    void settingsBecomeOneSectionPerPrefix() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("core.parallelism", "8");
        settings.put("scheduler.instance_id", "benchmark");
        settings.put("core.load_examples", "False");

        assertThat(BenchmarkHome.configText(settings)).isEqualTo("""
                [core]
                parallelism = 8
                load_examples = False

                [scheduler]
                instance_id = benchmark

                """);
    }

    @Test
    void aSettingNeedsASectionAndAKey() {
        assertThatThrownBy(() -> BenchmarkHome.configText(Map.of("parallelism", "8")))
                .hasMessageContaining("section.key=value");
    }
}
