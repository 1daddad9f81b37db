package io.taskpod.kubernetes.executor;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.launch.LaunchId;
import io.taskpod.kubernetes.launch.LaunchOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class UnreachableCreatesLogTest {

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(UnreachableCreatesLog.class);
    private final UnreachableCreatesLog createsLog =
            new UnreachableCreatesLog(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    private static TaskInstanceKey key(String taskId) {
        return new TaskInstanceKey("etl", taskId, "r1", 1, -1);
    }

    private static LaunchOutcome.Requeued requeued(String taskId, boolean unreachable) {
        return new LaunchOutcome.Requeued(new LaunchId(key(taskId), 1), "connection problem talking to the API server: refused",
                "[Try 1 of 3]", Duration.ofSeconds(3), unreachable);
    }

    private String logged() {
        return String.join("\n", lines.list.stream().filter(line -> line.getLevel().isGreaterOrEqual(Level.INFO))
                .map(line -> line.getLevel() + " " + line.getFormattedMessage()).toList());
    }

    @Test
    void anOutageIsOneWarningWhenItStartsAndOneLineWhenCreatesSucceedAgain() {
        for (int round = 0; round < 3; round++) {
            createsLog.requeued(key("a"), requeued("a", true), 2);
            createsLog.requeued(key("b"), requeued("b", true), 2);
        }
        createsLog.launched();
        createsLog.launched();

        assertThat(logged()).isEqualTo("""
                WARN The API server cannot be reached (connection problem talking to the API server: refused); \
                2 pod create(s) wait and are retried until it answers, not counted towards task_publish_max_retries
                INFO The API server answers pod creates again, after 0 s""");
    }

    @Test
    void eachTryIsToldOncePerOutageThatItWaitsAndTheOutageLastsUntilACreateSucceeds() {
        assertThat(createsLog.unreachableSeconds()).isZero();
        assertThat(createsLog.requeued(key("a"), requeued("a", true), 1)).isTrue();
        assertThat(createsLog.requeued(key("a"), requeued("a", true), 1)).isFalse();
        assertThat(createsLog.requeued(key("b"), requeued("b", false), 2)).isFalse();
        assertThat(createsLog.unreachableSeconds()).isPositive();

        createsLog.launched();
        assertThat(createsLog.unreachableSeconds()).isZero();
        assertThat(createsLog.requeued(key("a"), requeued("a", true), 1)).isTrue();
    }

    @Test
    void aRetryTheApiServerAnsweredIsLoggedEachTime() {
        createsLog.requeued(key("a"), requeued("a", false), 1);
        createsLog.requeued(key("a"), requeued("a", false), 1);
        createsLog.launched();

        assertThat(lines.list).hasSize(2).allSatisfy(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getFormattedMessage()).contains("pod create failed").endsWith("[Try 1 of 3]");
        });
    }
}
