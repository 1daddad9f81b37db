package io.taskpod.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LocalWorkerIdTest {

    static Stream<Arguments> ids() {
        return Stream.of(
                Arguments.of("local:host-1:4242", Optional.of(new LocalWorkerId("host-1", 4242))),
                Arguments.of("local:build.example.com:1", Optional.of(new LocalWorkerId("build.example.com", 1))),
                Arguments.of("local:fe80::1:77", Optional.of(new LocalWorkerId("fe80::1", 77))),
                Arguments.of("local:host:", Optional.empty()),
                Arguments.of("local::12", Optional.empty()),
                Arguments.of("local:host:12x", Optional.empty()),
                Arguments.of("taskpod/etl-load-1-abc", Optional.empty()),
                Arguments.of("", Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void parsesWhatItFormats(String text, Optional<LocalWorkerId> expected) {
        assertThat(LocalWorkerId.parse(text)).isEqualTo(expected);
        expected.ifPresent(id -> assertThat(id.format()).isEqualTo(text));
    }
}
