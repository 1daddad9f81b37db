package io.taskpod.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.app.config.ConfigLoader;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.MapConfigSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where authentication is on by default, and when turning it off is worth a warning; which Host names and how many
 * failed logins the [api] keys allow.
 */
class ApiSettingsTest {

    private static ApiSettings settings(Map<String, String> api) {
        MapConfigSource source = new MapConfigSource("test");
        api.forEach((key, value) -> source.set("api", key, value));
        return ApiSettings.from(new Config(source, ConfigLoader.schema(), Path.of("/tmp/taskpod-home")));
    }

    @ParameterizedTest(name = "host {0}, authenticate \"{1}\": on {2}, warned {3}")
    @CsvSource({
            "127.0.0.1, '', false, false",
            "localhost, '', false, false",
            "::1, '', false, false",
            "0.0.0.0, '', true, false",
            "0.0.0.0, True, true, false",
            "0.0.0.0, False, false, true",
            "10.1.2.3, False, false, true",
            "127.0.0.1, False, false, false",
            "127.0.0.1, True, true, false"})
    void authenticationIsOnOffLoopbackAndTurningItOffThereIsWarned(String host, String authenticate, boolean on,
            boolean warned) {
        ApiSettings settings = settings(authenticate.isEmpty() ? Map.of("host", host)
                : Map.of("host", host, "authenticate", authenticate));

        assertThat(settings.authenticate()).isEqualTo(on);
        assertThat(settings.exposureWarning().isPresent()).as("warned").isEqualTo(warned);
        settings.exposureWarning().ifPresent(warning -> assertThat(warning).contains("[api] authenticate = False")
                .contains(host));
    }

    @ParameterizedTest(name = "host {0}, allowed_hosts \"{1}\": Host {2} refused {3}")
    @CsvSource({
            "127.0.0.1, '',                              evil.example,        true",
            "127.0.0.1, '',                              localhost:8080,      false",
            "127.0.0.1, 'taskpod.example.com, other.example', other.example, false",
            "0.0.0.0,   '',                              evil.example,        false",
            "0.0.0.0,   'taskpod.example.com',           evil.example,        true",
            "0.0.0.0,   '*',                             evil.example,        false"})
    void allowedHostsComeFromTheApiSection(String host, String allowedHosts, String hostHeader, boolean refused) {
        ApiSettings settings = settings(Map.of("host", host, "allowed_hosts", allowedHosts));

        assertThat(settings.hostGuard().refusal("/api/v1/dags", Optional.of(hostHeader)).isPresent())
                .isEqualTo(refused);
    }

    @Test
    void loginsAreLimitedToFiveFailuresInFiveMinutesByDefault() {
        ApiSettings settings = settings(Map.of());

        assertThat(settings.allowedHosts()).isEqualTo(List.of());
        assertThat(settings.loginMaxFailures()).isEqualTo(5);
        assertThat(settings.loginFailureWindow()).isEqualTo(Duration.ofMinutes(5));
    }
}
