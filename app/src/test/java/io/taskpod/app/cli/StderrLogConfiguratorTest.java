package io.taskpod.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every taskpod JVM configures its log in code, found by logback through the service file. */
class StderrLogConfiguratorTest {

    @Test
    void taskpodLogsInfoToStderrWithItsPatternAndLibrariesOnlyWarnings() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);

        Appender<?> stderr = root.getAppender("STDERR");
        assertThat(stderr).isInstanceOf(ConsoleAppender.class);
        assertThat(((ConsoleAppender<?>) stderr).getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) ((ConsoleAppender<?>) stderr).getEncoder()).getPattern())
                .isEqualTo(StderrLogConfigurator.PATTERN);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(StderrLogConfigurator.QUIET_LIBRARIES)
                .allSatisfy(library -> assertThat(context.getLogger(library).getLevel()).isEqualTo(Level.WARN));
        assertThat(context.getLogger("io.fabric8.kubernetes.client").getEffectiveLevel()).isEqualTo(Level.WARN);
    }
}
