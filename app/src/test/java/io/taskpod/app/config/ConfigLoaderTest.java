package io.taskpod.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigEntry;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.config.Sensitivity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path home;

    @Test
    void defaultsApplyWhenThereIsNoFileAndHomeIsExpanded() {
        Config config = ConfigLoader.load(Optional.empty(), env());

        assertThat(config.get(CoreConfigKeys.EXECUTOR)).containsExactly("LocalExecutor");
        assertThat(config.get(CoreConfigKeys.PARALLELISM)).isEqualTo(32);
        assertThat(config.get(CoreConfigKeys.DAGS_FOLDER)).isEqualTo(home.resolve("dags").toString());
        assertThat(config.find(CoreConfigKeys.DATABASE_URL)).isEmpty();
        assertThat(config.origin(CoreConfigKeys.PARALLELISM)).isEqualTo("default");
    }

    @Test
    void theFileIsReadAndTheEnvironmentWins() throws IOException {
        Files.writeString(home.resolve("taskpod.cfg"), """
                [core]
                parallelism = 8
                executor = LocalExecutor, KubernetesExecutor

                [scheduler]
                task_queued_timeout = 12.5
                """);

        Config config = ConfigLoader.load(Optional.empty(), env("TASKPOD__CORE__PARALLELISM", "4"));

        assertThat(config.get(CoreConfigKeys.PARALLELISM)).isEqualTo(4);
        assertThat(config.origin(CoreConfigKeys.PARALLELISM)).isEqualTo("env TASKPOD__CORE__PARALLELISM");
        assertThat(config.get(CoreConfigKeys.EXECUTOR)).containsExactly("LocalExecutor", "KubernetesExecutor");
        assertThat(config.get(CoreConfigKeys.TASK_QUEUED_TIMEOUT)).isEqualTo(Duration.ofMillis(12_500));
        assertThat(config.origin(CoreConfigKeys.TASK_QUEUED_TIMEOUT)).isEqualTo(home.resolve("taskpod.cfg").toString());
    }

    @Test
    void aWrongValueNamesSectionKeyValueOriginAndWhatIsExpected() throws IOException {
        Files.writeString(home.resolve("taskpod.cfg"), "[core]\nparallelism = many\nload_examples = maybe\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), env()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "[core] parallelism = many (" + home.resolve("taskpod.cfg") + "): expected an integer >= 0",
                        "[core] load_examples = maybe (" + home.resolve("taskpod.cfg") + "): expected a boolean (True or False)"));
    }

    @Test
    void aWrongEnvironmentValueNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), env("TASKPOD__SCHEDULER__SCHEDULER_HEARTBEAT_SEC", "-1")))
                .hasMessage("[scheduler] scheduler_heartbeat_sec = -1 (env TASKPOD__SCHEDULER__SCHEDULER_HEARTBEAT_SEC): "
                        + "expected a number of seconds >= 0.1");
    }

    @Test
    void unknownKeysInKnownSectionsAreWarningsNamingTheKey() throws IOException {
        Files.writeString(home.resolve("taskpod.cfg"), "[core]\nparalelism = 8\n[my_plugin]\nanything = 1\n");

        Config config = ConfigLoader.load(Optional.empty(), env());

        assertThat(config.unknownKeyWarnings()).singleElement().asString()
                .startsWith("unknown configuration key [core] paralelism (" + home.resolve("taskpod.cfg") + ") is ignored");
    }

    @Test
    void secretsAreHiddenInTheListingAndInErrors() throws IOException {
        Files.writeString(home.resolve("taskpod.cfg"), """
                [database]
                url = jdbc:postgresql://db:5432/taskpod?user=app&password=hunter2
                password = s3cret
                pool_size = lots
                """);
        Path file = home.resolve("taskpod.cfg");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), env()))
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("s3cret");
        Files.writeString(file, Files.readString(file).replace("pool_size = lots", "pool_size = 3"));

        List<ConfigEntry> entries = ConfigLoader.load(Optional.of(file), env()).entries();

        assertThat(entries).filteredOn(e -> e.section().equals("database") && e.key().equals("password"))
                .singleElement().extracting(ConfigEntry::shownValue).isEqualTo(Sensitivity.MASK);
        assertThat(entries).filteredOn(e -> e.key().equals("url")).singleElement().extracting(ConfigEntry::shownValue)
                .isEqualTo("jdbc:postgresql://db:5432/taskpod?user=app&password=" + Sensitivity.MASK);
        assertThat(entries.toString()).doesNotContain("hunter2").doesNotContain("s3cret");
    }

    @Test
    void anExplicitConfigFileMustExist() {
        Path missing = home.resolve("nope.cfg");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(missing), env()))
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), env("TASKPOD_CONFIG", missing.toString())))
                .hasMessageContaining("$TASKPOD_CONFIG");
    }

    @Test
    void keysBeforeTheFirstSectionAreAnError() throws IOException {
        Files.writeString(home.resolve("taskpod.cfg"), "parallelism = 3\n[core]\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), env()))
                .hasMessageContaining("keys before the first [section] header").hasMessageContaining("parallelism");
    }

    @Test
    void aKeySetTwiceInASectionIsRefusedNamingFileSectionAndKey() throws IOException {
        Path file = home.resolve("taskpod.cfg");
        Files.writeString(file, "[core]\nparallelism = 3\nload_examples = False\nparallelism = 8\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), env()))
                .hasMessageContaining(file.toString()).hasMessageContaining("[core] parallelism is set more than once");

        Files.writeString(file, "[core]\nparallelism = 3\n[scheduler]\n[core]\nPARALLELISM = 4\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), env()))
                .hasMessageContaining("[core] parallelism is set more than once");
    }

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("TASKPOD_HOME", home.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }
}
