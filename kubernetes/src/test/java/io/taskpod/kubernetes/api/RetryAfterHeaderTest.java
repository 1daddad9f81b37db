package io.taskpod.kubernetes.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryAfterHeaderTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest(name = "Retry-After: {0} -> {1}")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            -                              | -
            ''                             | -
            7                              | PT7S
            ' 120 '                        | PT2M
            0                              | PT0S
            Thu, 01 Jan 2026 00:00:30 GMT  | PT30S
            Wed, 31 Dec 2025 23:59:00 GMT  | PT0S
            soon                           | -
            -5                             | -
            """)
    void readsSecondsOrAnHttpDate(String header, String expected) {
        assertThat(RetryAfterHeader.parse(Optional.ofNullable(header), NOW))
                .isEqualTo(Optional.ofNullable(expected).map(Duration::parse));
    }
}
