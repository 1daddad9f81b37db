package io.taskpod.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import org.slf4j.LoggerFactory;

/** Applies {@code [logging] logging_level} to taskpod's own log. */
final class LoggingSetup {

    private LoggingSetup() {}

    static void apply(Config config) {
        if (LoggerFactory.getLogger("io.taskpod") instanceof Logger logger) {
            logger.setLevel(Level.toLevel(config.get(CoreConfigKeys.LOGGING_LEVEL), Level.INFO));
        }
    }
}
