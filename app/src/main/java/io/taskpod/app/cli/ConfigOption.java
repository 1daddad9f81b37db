package io.taskpod.app.cli;

import io.taskpod.app.config.ConfigLoader;
import io.taskpod.core.config.Config;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command that reads configuration mixes in. */
public final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: $TASKPOD_CONFIG, else $TASKPOD_HOME/taskpod.cfg; home defaults to ~/.taskpod).")
    Path configFile;

    /**
     * Loads and checks the configuration from the file and the process environment, applies its logging level
     * and logs a warning for each unknown key.
     */
    public Config load() {
        Config config = ConfigLoader.load(Optional.ofNullable(configFile), System.getenv());
        LoggingSetup.apply(config);
        config.unknownKeyWarnings().forEach(LoggerFactory.getLogger(ConfigOption.class)::warn);
        return config;
    }
}
