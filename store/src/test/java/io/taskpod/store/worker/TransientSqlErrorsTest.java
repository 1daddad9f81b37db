package io.taskpod.store.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransientSqlErrorsTest {

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("connection refused (08001)", new SQLException("refused", "08001"), true),
                Arguments.of("connection failure (08006)", new SQLException("I/O error", "08006"), true),
                Arguments.of("admin shutdown (57P01)", new SQLException("terminating", "57P01"), true),
                Arguments.of("starting up (57P03)", new SQLException("starting up", "57P03"), true),
                Arguments.of("too many connections", new SQLException("too many", "53300"), true),
                Arguments.of("pool timeout", new SQLTransientConnectionException("pool timed out"), true),
                Arguments.of("recoverable", new SQLRecoverableException("broken"), true),
                Arguments.of("wrapped I/O", new RuntimeException(new SQLException("x", null, new EOFException())), true),
                Arguments.of("wrapped connection error", new IllegalStateException(new SQLException("x", "08003")), true),
                Arguments.of("syntax error", new SQLException("syntax", "42601"), false),
                Arguments.of("unique violation", new SQLException("dup", "23505"), false),
                Arguments.of("no state", new SQLException("?"), false),
                Arguments.of("plain bug", new IllegalArgumentException("bug"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void retriesConnectionProblemsOnly(String name, Throwable error, boolean transientError) {
        assertThat(TransientSqlErrors.isTransient(error)).isEqualTo(transientError);
    }
}
