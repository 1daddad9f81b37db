package io.taskpod.app.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskpod.app.config.ConfigLoader;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.MapConfigSource;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where workers find the execution API: configured, else this host's HTTP server as configured or as bound. */
class ExecutionApiUrlTest {

    @Test
    void aConfiguredUrlIsUsedAsItIsWithATrailingSlash() {
        assertThat(ExecutionApiUrl.of(config("http://taskpod-api.taskpod.svc:8080/execution", "0.0.0.0", "8080")))
                .isEqualTo(URI.create("http://taskpod-api.taskpod.svc:8080/execution/"));
    }

    @Test
    void emptyMeansThisHostsHttpServerWithLoopbackForAWildcardHost() {
        assertThat(ExecutionApiUrl.of(config("", "0.0.0.0", "8080")))
                .isEqualTo(URI.create("http://127.0.0.1:8080/execution/"));
        assertThat(ExecutionApiUrl.of(config("", "127.0.0.1", "9090")))
                .isEqualTo(URI.create("http://127.0.0.1:9090/execution/"));
    }

    @Test
    void aServerBoundToAnyFreePortNamesItsOwnPortUnlessAUrlIsConfigured() {
        URI bound = URI.create("http://0.0.0.0:43210");

        assertThat(ExecutionApiUrl.of(ExecutionApiUrl.servedBy(config("", "0.0.0.0", "0"), bound)))
                .isEqualTo(URI.create("http://127.0.0.1:43210/execution/"));
        assertThat(ExecutionApiUrl.of(ExecutionApiUrl.servedBy(config("https://api.example/execution/", "0.0.0.0",
                "0"), bound))).isEqualTo(URI.create("https://api.example/execution/"));
    }

    @Test
    void aValueThatIsNotAnHttpUrlNamesTheKey() {
        assertThatThrownBy(() -> ExecutionApiUrl.of(config("taskpod-api:8080", "127.0.0.1", "8080")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[core] execution_api_server_url = taskpod-api:8080: expected the execution API's "
                        + "http(s) URL");
    }

    private static Config config(String url, String host, String port) {
        return new Config(new MapConfigSource("test").set("core", "execution_api_server_url", url)
                .set("api", "host", host).set("api", "port", port), ConfigLoader.schema(), Path.of("."));
    }
}
