package io.taskpod.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which requests a browser sent from another site's page, by the headers it adds. */
class CrossOriginGuardTest {

    private static Optional<String> header(String value) {
        return value == null ? Optional.empty() : Optional.of(value);
    }

    @ParameterizedTest(name = "{0} Sec-Fetch-Site {1}, Origin {2}, Host {3}: refused {4}")
    @CsvSource(nullValues = "-", value = {
            // a client outside a browser sends neither header
            "POST,   -,           -,                          127.0.0.1:8080,  false",
            // reads are never refused: a page of another site cannot read the answer
            "GET,    cross-site,  https://evil.example,       127.0.0.1:8080,  false",
            // the browser's own verdict wins when it gives one
            "POST,   cross-site,  -,                          127.0.0.1:8080,  true",
            "DELETE, same-site,   https://other.corp.example, taskpod.corp.example, true",
            "PATCH,  same-origin, https://taskpod.example,    127.0.0.1:8080,  false",
            "POST,   none,        -,                          127.0.0.1:8080,  false",
            "POST,   Cross-Site,  -,                          127.0.0.1:8080,  true",
            // an older browser: its Origin must name the host the request went to
            "POST,   -,           http://127.0.0.1:8080,      127.0.0.1:8080,  false",
            "POST,   -,           https://TASKPOD.example,    taskpod.example, false",
            "POST,   -,           https://evil.example,       127.0.0.1:8080,  true",
            "POST,   -,           http://127.0.0.1:9999,      127.0.0.1:8080,  true",
            "POST,   -,           null,                       127.0.0.1:8080,  true",
            "PATCH,  -,           http://127.0.0.1:8080,      -,               true"})
    void aChangeFromAPageOfAnotherSiteIsRefused(String method, String secFetchSite, String origin, String host,
            boolean refused) {
        Optional<String> refusal = CrossOriginGuard.refusal(method, header(secFetchSite), header(origin), header(host));

        assertThat(refusal.isPresent()).as(refusal.orElse("allowed")).isEqualTo(refused);
        refusal.ifPresent(why -> assertThat(why).contains(method).contains("accepts changes only from its own page"));
    }
}
