package io.taskpod.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which Host names the server answers to, by where it is bound and [api] allowed_hosts. */
class HostHeaderGuardTest {

    @ParameterizedTest(name = "bound to {0} (loopback {1}), allowed_hosts \"{2}\": {3} with Host {4}, refused {5}")
    @CsvSource(nullValues = "-", value = {
            // loopback, nothing configured: localhost and addresses, on any port
            "127.0.0.1, true,  '',                       /api/v1/dags,        127.0.0.1:8080,           false",
            "127.0.0.1, true,  '',                       /api/v1/dags,        localhost:8080,           false",
            "127.0.0.1, true,  '',                       /api/v1/dags,        LocalHost.,               false",
            "127.0.0.1, true,  '',                       /api/v1/dags,        localhost:9999,           false",
            "127.0.0.1, true,  '',                       /,                   '[::1]:8080',             false",
            "127.0.0.1, true,  '',                       /health,             10.0.0.7:8080,            false",
            // a rebound name is refused, on every path but the execution API's
            "127.0.0.1, true,  '',                       /api/v1/dags,        evil.example:8080,        true",
            "127.0.0.1, true,  '',                       /,                   evil.example,             true",
            "127.0.0.1, true,  '',                       /health,             evil.example,             true",
            "127.0.0.1, true,  '',                       /ui/app.js,          localhost.evil.example,   true",
            "127.0.0.1, true,  '',                       /api/v1/dags,        127.0.0.1.evil.example,   true",
            "127.0.0.1, true,  '',                       /execution/v1/tries, taskpod.taskpod.svc:8080, false",
            // what is not a Host name at all
            "127.0.0.1, true,  '',                       /api/v1/dags,        -,                        true",
            "127.0.0.1, true,  '',                       /api/v1/dags,        '',                       true",
            "127.0.0.1, true,  '',                       /api/v1/dags,        '::1:8080',               true",
            "127.0.0.1, true,  '',                       /api/v1/dags,        localhost:80x,            true",
            "127.0.0.1, true,  '',                       /api/v1/dags,        '[::1',                   true",
            "127.0.0.1, true,  '',                       /api/v1/dags,        '[evil.example]',         true",
            // the name it was bound to
            "taskpod.local, true, '',                    /api/v1/dags,        taskpod.local:8080,       false",
            // configured names, given with or without port, in any case
            "127.0.0.1, true,  'taskpod.example.com',    /api/v1/dags,        TASKPOD.example.com,      false",
            "127.0.0.1, true,  'a.example;b.example:80', /api/v1/dags,        b.example:8443,           false",
            "127.0.0.1, true,  'taskpod.example.com',    /api/v1/dags,        evil.example,             true",
            "127.0.0.1, true,  '*',                      /api/v1/dags,        evil.example,             false",
            // not loopback: unchecked unless names are configured
            "0.0.0.0,   false, '',                       /api/v1/dags,        evil.example,             false",
            "0.0.0.0,   false, 'taskpod.example.com',    /api/v1/dags,        evil.example,             true",
            "0.0.0.0,   false, 'taskpod.example.com',    /api/v1/dags,        taskpod.example.com,      false",
            "0.0.0.0,   false, 'taskpod.example.com',    /metrics,            10.1.2.3:8080,            false",
            "0.0.0.0,   false, 'taskpod.example.com',    /api/v1/dags,        localhost:8080,           false",
            "0.0.0.0,   false, '*',                      /api/v1/dags,        evil.example,             false"})
    void aHostThatDoesNotNameThisServerIsRefused(String bound, boolean loopback, String allowed, String path,
            String host, boolean refused) {
        List<String> allowedHosts = allowed.isEmpty() ? List.of() : Arrays.asList(allowed.split(";"));
        HostHeaderGuard guard = HostHeaderGuard.of(loopback, bound, allowedHosts);

        Optional<String> refusal = guard.refusal(path, Optional.ofNullable(host));

        assertThat(refusal.isPresent()).as(refusal.orElse("allowed")).isEqualTo(refused);
        refusal.ifPresent(why -> assertThat(why).contains(host == null ? "(none)" : "'" + host + "'")
                .contains("[api] allowed_hosts"));
    }
}
