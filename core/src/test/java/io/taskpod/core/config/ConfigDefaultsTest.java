package io.taskpod.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigDefaultsTest {

    private final Config config = new Config(new MapConfigSource("taskpod.cfg").set("core", "parallelism", "bad"),
            new ConfigSchema(List.of(CoreConfigKeys.ALL)), Path.of("/home/taskpod"));

    @Test
    void defaultValueIsTheKeysOwnDefaultTypedWhateverIsSet() {
        assertThat(config.defaultValue(CoreConfigKeys.PARALLELISM)).isEqualTo(32);
        assertThat(config.defaultValue(CoreConfigKeys.DEFAULT_TASK_RETRY_DELAY)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void defaultValueExpandsPlaceholders() {
        assertThat(config.defaultValue(CoreConfigKeys.DAGS_FOLDER)).isEqualTo("/home/taskpod/dags");
    }

    @Test
    void keyWithoutADefaultReadsAsAnEmptyValue() {
        assertThat(config.defaultValue(CoreConfigKeys.INSTANCE_ID)).isEmpty();
    }

    @Test
    void defaultsConfigurationHasEveryKeyAtItsDefault() {
        Config defaults = Config.defaults(new ConfigSchema(List.of(CoreConfigKeys.ALL)));
        assertThat(defaults.get(CoreConfigKeys.PARALLELISM)).isEqualTo(32);
        assertThat(defaults.origin(CoreConfigKeys.PARALLELISM)).isEqualTo("default");
    }
}
