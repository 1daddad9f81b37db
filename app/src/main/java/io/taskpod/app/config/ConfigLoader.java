package io.taskpod.app.config;

import io.taskpod.app.remotelog.RemoteLogConfigKeys;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.ConfigKey;
import io.taskpod.core.config.ConfigSchema;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.kubernetes.config.KubernetesConfigKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and reads taskpod's configuration: {@code --config FILE}, else {@code $TASKPOD_HOME/taskpod.cfg}
 * (home defaults to {@code ~/.taskpod}), overlaid by {@code TASKPOD__SECTION__KEY} environment variables.
 */
public final class ConfigLoader {

    public static final String HOME_ENV = "TASKPOD_HOME";
    public static final String CONFIG_FILE_NAME = "taskpod.cfg";
    /** Names the configuration file when {@code --config} is not given; executors pass it on to workers. */
    public static final String CONFIG_ENV = "TASKPOD_CONFIG";

    private ConfigLoader() {}

    /** Every configuration key taskpod knows, from all modules. */
    public static ConfigSchema schema() {
        List<Collection<ConfigKey<?>>> groups = new ArrayList<>();
        groups.add(CoreConfigKeys.ALL);
        groups.add(KubernetesConfigKeys.ALL);
        groups.add(RemoteLogConfigKeys.ALL);
        return new ConfigSchema(groups).withSection(CoreConfigKeys.KUBERNETES_EXECUTOR);
    }

    /** The taskpod home folder: {@code $TASKPOD_HOME}, else {@code ~/.taskpod}. */
    public static Path home(Map<String, String> environment) {
        String home = environment.get(HOME_ENV);
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("user.home"), ".taskpod");
    }

    /**
     * Loads and checks the configuration. An explicit {@code configFile} (or {@code $TASKPOD_CONFIG}) must exist;
     * the default one may be missing (all defaults apply). Throws {@link ConfigException} naming every bad value.
     */
    public static Config load(Optional<Path> configFile, Map<String, String> environment) {
        Path home = home(environment);
        if (configFile.isEmpty() && environment.get(CONFIG_ENV) != null && !environment.get(CONFIG_ENV).isBlank()) {
            configFile = Optional.of(Path.of(environment.get(CONFIG_ENV)));
        }
        Path file;
        if (configFile.isPresent()) {
            file = configFile.get().toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("configuration file " + file + " (from --config or $TASKPOD_CONFIG) does not exist");
            }
        } else {
            file = home.resolve(CONFIG_FILE_NAME);
        }
        Config config = new Config(IniEnvConfigSource.read(Optional.of(file), environment), schema(), home);
        config.validate();
        return config;
    }
}
