package io.taskpod.testkit.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestKubernetesApiServer} and a client of it for every test: started before the test's {@code @BeforeEach}
 * methods, client and server closed after the test. Register it on an instance field:
 * {@code @RegisterExtension final TestApiServerExtension api = TestApiServerExtension.create();}, or
 * {@link #configured} for a server built with other settings (a clock, a watch expiry).
 */
public final class TestApiServerExtension implements BeforeEachCallback, AfterEachCallback {

    private final UnaryOperator<TestKubernetesApiServer.Builder> configure;
    private TestKubernetesApiServer server;
    private KubernetesClient client;

    private TestApiServerExtension(UnaryOperator<TestKubernetesApiServer.Builder> configure) {
        this.configure = Objects.requireNonNull(configure, "configure");
    }

    /** A server with the defaults on a free port. */
    public static TestApiServerExtension create() {
        return configured(UnaryOperator.identity());
    }

    /** A server built by {@code configure} from {@link TestKubernetesApiServer#builder()}. */
    public static TestApiServerExtension configured(UnaryOperator<TestKubernetesApiServer.Builder> configure) {
        return new TestApiServerExtension(configure);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server = configure.apply(TestKubernetesApiServer.builder()).build().start();
        client = server.newClient();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            client = null;
            server = null;
        }
    }

    /** The running test's server. */
    public TestKubernetesApiServer server() {
        return Objects.requireNonNull(server, "the server runs only during a test");
    }

    /** A client of the running test's server, closed after the test. */
    public KubernetesClient client() {
        return Objects.requireNonNull(client, "the client exists only during a test");
    }
}
