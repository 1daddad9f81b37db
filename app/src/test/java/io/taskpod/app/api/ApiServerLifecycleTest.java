package io.taskpod.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskpod.app.config.ConfigLoader;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.MapConfigSource;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the server listens, what a taken port says, and that closing it frees the port. */
class ApiServerLifecycleTest {

    @TempDir
    Path home;

    private ApiTestBed bed;

    @BeforeEach
    void start() throws Exception {
        bed = new ApiTestBed(home);
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void portZeroBindsAFreePortOnLoopback() {
        assertThat(bed.server.address().getHost()).isEqualTo("127.0.0.1");
        assertThat(bed.server.address().getPort()).isPositive();
    }

    @Test
    void aTakenPortIsAConfigurationErrorNamingTheKey() {
        int taken = bed.server.address().getPort();
        Config config = withPort(taken);

        assertThatThrownBy(() -> ApiAssembly.start(config, bed.databaseSettings, Optional.empty(), bed.registry,
                bed.clock))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[api] port = " + taken)
                .hasMessageContaining("already in use");
    }

    @Test
    void closingTheServerFreesItsPort() {
        ApiServer server = ApiAssembly.start(withPort(0), bed.databaseSettings, Optional.empty(), bed.registry,
                bed.clock);
        int port = server.address().getPort();

        server.close();

        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void aBadApiSettingOpensNoDatabasePool() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Config config = withPort(70_000);

        assertThatThrownBy(() -> ApiAssembly.start(config, bed.databaseSettings, Optional.empty(), bed.registry,
                bed.clock))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[api] port");
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(thread -> !before.contains(thread))
                .extracting(Thread::getName).doesNotContain("api:housekeeper");
    }

    @Test
    void switchedOffTheServerStartsNothingAndApiServerRefusesToStart() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Config off = config(Map.of("enabled", "False", "port", "0"));

        assertThat(ApiAssembly.startIfEnabled(off, bed.databaseSettings, Optional.empty(), bed.registry, bed.clock))
                .isEmpty();
        assertThatThrownBy(() -> ApiAssembly.start(off, bed.databaseSettings, Optional.empty(), bed.registry,
                bed.clock))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[api] enabled = False");
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(thread -> !before.contains(thread))
                .extracting(Thread::getName).doesNotContain("api:housekeeper");
    }

    @Test
    void onTheWildcardAddressItSaysAllInterfaces() {
        try (ApiServer server = ApiAssembly.startIfEnabled(config(Map.of("host", "0.0.0.0", "port", "0")),
                bed.databaseSettings, Optional.empty(), bed.registry, bed.clock).orElseThrow()) {
            assertThat(server.where()).isEqualTo("all interfaces, port " + server.address().getPort());
        }
        assertThat(bed.server.where()).isEqualTo(bed.server.address().toString()).startsWith("http://127.0.0.1:");
    }

    private Config withPort(int port) {
        return config(Map.of("port", Integer.toString(port)));
    }

    private Config config(Map<String, String> api) {
        MapConfigSource source = new MapConfigSource("lifecycle-test")
                .set("core", "dags_folder", home.resolve("dags").toString())
                .set("core", "load_examples", "false");
        api.forEach((name, value) -> source.set("api", name, value));
        return new Config(source, ConfigLoader.schema(), home);
    }
}
