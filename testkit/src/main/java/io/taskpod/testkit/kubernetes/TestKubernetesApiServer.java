package io.taskpod.testkit.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.taskpod.testkit.RestartablePorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Kubernetes API server for tests, on 127.0.0.1 over plain HTTP, with the semantics the executor's
 * correctness depends on and fabric8's stock mock lacks: watches that resume from a resourceVersion by replaying
 * an event log (410 Expired once compacted, as an ERROR event or an HTTP error), BOOKMARK events, DELETED when
 * an object stops matching a watch's label selector, set-based label selectors, field selectors, paginated lists
 * over consistent snapshots, optimistic concurrency, validation with 422 field causes, graceful pod deletion,
 * and a {@link #faults() fault injection} API plus {@link #requestCounts() request counts} and
 * {@link #deleteRequests() the options deletes carried}.
 *
 * <p><b>Why not fabric8's {@code KubernetesMockServer}.</b> Its CRUD dispatcher gets the semantics above wrong
 * at the root (watches ignore resourceVersion and replay everything as ADDED, {@code in}/{@code notin} are
 * ignored, merge patch keeps nulls, DELETED events go back in version), so extending it would mean replacing
 * nearly every method; and its {@code MockWebServer} answers each request synchronously with a
 * {@code MockResponse}, which cannot reset a connection, hold a request without blocking an event loop, or
 * stream a chunked watch, and it cannot be restarted. This server is therefore a dispatcher of its own
 * ({@link ApiDispatcher} over {@link ObjectStore}, {@link EventLog}, {@link Watches}, {@link Resources},
 * {@link Lists}, {@link ApiFaults}) directly on Vert.x, the HTTP library fabric8's mock web server and fabric8's
 * default HTTP client already run on, so no new library comes in. fabric8's own {@code zjsonpatch} applies JSON
 * patches.
 *
 * <p><b>What differs from a real API server</b>: no authentication, admission, quotas, or garbage collection
 * of dependents; strategic merge patch is approximated (see {@link Patches}); server-side apply is refused
 * with 415; deleting a namespace removes its objects at once; a watch from a version newer than the newest is
 * accepted and waits; without {@code timeoutSeconds} a watch stays open until closed.
 *
 * <p>{@link #stop()} and {@link #start()} keep every stored object, the event log and the port, so a test can
 * take the API server away mid-run and bring it back at the same address.
 */
public final class TestKubernetesApiServer implements AutoCloseable {

    /** How a watch from a compacted resourceVersion is refused. */
    public enum WatchExpiry {
        /** The watch opens and gets an ERROR event with a 410 Status, as Kubernetes' watch cache does. */
        ERROR_EVENT,
        /** The watch request itself is answered with HTTP 410. */
        HTTP_410
    }

    private final Vertx vertx;
    private final WatchRegistry registry = new WatchRegistry();
    private final ObjectStore store;
    private final ApiFaults faults = new ApiFaults(registry);
    private final RequestCounter counter = new RequestCounter();
    private final DeleteRecorder deletes = new DeleteRecorder();
    private final ApiDispatcher dispatcher;
    private final Resources resources;
    private volatile int port;
    private HttpServer server;

    private TestKubernetesApiServer(Builder builder) {
        this.vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(2)
                .setWorkerPoolSize(2)
                .setPreferNativeTransport(false)
                .setBlockedThreadCheckInterval(10)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        this.store = new ObjectStore(new EventLog(builder.eventLogWindow), registry);
        this.resources = new Resources(store, builder.clock, builder.strictNamespaces);
        this.dispatcher = new ApiDispatcher(vertx, resources, new Lists(store),
                new Watches(store, registry, vertx, builder.watchExpiry == WatchExpiry.HTTP_410), registry, faults,
                counter, deletes, builder.webSocketSettle);
        this.port = builder.port;
        for (String namespace : new String[] {"default", "kube-system"}) {
            createNamespace(namespace);
        }
        if (!builder.bookmarkInterval.isZero()) {
            vertx.setPeriodic(builder.bookmarkInterval.toMillis(), timer -> sendBookmarks());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a server with the defaults on a free port. */
    public static TestKubernetesApiServer startNew() {
        return builder().build().start();
    }

    /**
     * Starts listening: on the configured port, the first time if none a free one below the ephemeral range (so that
     * no client can take it while the server is stopped, see {@link RestartablePorts}), the same one afterwards.
     */
    public synchronized TestKubernetesApiServer start() {
        if (server != null) {
            return this;
        }
        if (port == 0) {
            port = RestartablePorts.freePort();
        }
        HttpServer created = vertx.createHttpServer(new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setReuseAddress(true)
                .setHttp2ClearTextEnabled(false)
                .setMaxWebSocketFrameSize(16 * 1024 * 1024)
                .setMaxWebSocketMessageSize(16 * 1024 * 1024))
                .requestHandler(dispatcher);
        server = await(created.listen());
        port = server.actualPort();
        return this;
    }

    /** Stops listening and cuts every connection, open watches included; stored objects stay. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        registry.abortAll();
        await(server.close());
        server = null;
    }

    @Override
    public synchronized void close() {
        stop();
        await(vertx.close());
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Writes a kubeconfig for this server (namespace {@code default}) that fabric8 in another JVM can use. */
    public Path writeKubeconfig(Path file) {
        return writeKubeconfig(file, "default");
    }

    public Path writeKubeconfig(Path file, String namespace) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, Kubeconfig.forServer(url(), namespace));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client configuration for this server that reads nothing from the environment; adjust and build. */
    public ConfigBuilder clientConfig() {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withNamespace("default")
                .withRequestRetryBackoffLimit(10)
                .withRequestRetryBackoffInterval(100)
                .withWatchReconnectInterval(1000)
                .withWatchReconnectLimit(-1)
                .withConnectionTimeout(10_000)
                .withRequestTimeout(10_000);
    }

    /** A new fabric8 client for this server; the caller closes it. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(clientConfig().build()).build();
    }

    public ApiFaults faults() {
        return faults;
    }

    public RequestCounts requestCounts() {
        return counter.snapshot();
    }

    public void resetRequestCounts() {
        counter.reset();
    }

    /**
     * Every DELETE of a single object received so far, in arrival order, faulted ones included, with the grace
     * period and propagation policy it carried.
     */
    public List<DeleteRequest> deleteRequests() {
        return deletes.snapshot();
    }

    /** The newest resourceVersion: the version of the last change. */
    public String latestResourceVersion() {
        return Long.toString(store.currentVersion());
    }

    /** Forgets the change history before {@code resourceVersion}; watches from older versions get 410. */
    public void compactBefore(String resourceVersion) {
        store.atomically(() -> store.log().compactBefore(Long.parseLong(resourceVersion)));
    }

    /** Forgets all change history: only watches from the newest version (or from "now") can resume. */
    public void compact() {
        store.atomically(() -> store.log().compactBefore(store.currentVersion() + 1));
    }

    /** Sends a BOOKMARK with the newest resourceVersion to every open watch that allows bookmarks. */
    public void sendBookmarks() {
        store.atomically(() -> registry.bookmarkAll(store.currentVersion()));
    }

    public int openWatches() {
        return registry.size();
    }

    /** Creates a namespace unless it exists. */
    public void createNamespace(String name) {
        ObjectNode namespace = Json.object();
        namespace.putObject("metadata").put("name", name);
        store.atomically(() -> {
            if (store.get(new ObjectKey(ResourceTypes.NAMESPACES, "", name)).isEmpty()) {
                resources.create(new ApiTarget(ResourceTypes.NAMESPACES, "", "", ""), Map.of(),
                        Json.write(namespace).getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    void addLogSource(PodLogSource source) {
        dispatcher.addLogSource(source);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("test API server: " + e.getMessage(), e);
        }
    }

    /** Settings of a {@link TestKubernetesApiServer}. */
    public static final class Builder {
        private int port;
        private int eventLogWindow = 100_000;
        private WatchExpiry watchExpiry = WatchExpiry.ERROR_EVENT;
        private boolean strictNamespaces;
        private Duration bookmarkInterval = Duration.ZERO;
        private Clock clock = Clock.systemUTC();
        private Duration webSocketSettle = Duration.ofMillis(50);

        private Builder() {}

        /** The port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Keep only the newest {@code events} changes for watches and continued lists to resume from (100,000 by
         * default, a bound on memory for long runs); 0 keeps every change until
         * {@link TestKubernetesApiServer#compactBefore}.
         */
        public Builder eventLogWindow(int events) {
            this.eventLogWindow = events;
            return this;
        }

        public Builder watchExpiry(WatchExpiry expiry) {
            this.watchExpiry = expiry;
            return this;
        }

        /** Refuse objects in namespaces that do not exist (404), as Kubernetes does; off by default. */
        public Builder strictNamespaces(boolean strict) {
            this.strictNamespaces = strict;
            return this;
        }

        /** Send BOOKMARKs to watches that allow them at this interval; zero (default) sends them on demand only. */
        public Builder bookmarkInterval(Duration interval) {
            this.bookmarkInterval = interval;
            return this;
        }

        /**
         * How long a WebSocket watch waits after its upgrade before the first event (50 ms by default). fabric8's
         * Vert.x client drops frames that arrive before it has attached its handlers, which happens when a server
         * writes right after the upgrade; events of the wait are not lost, the watch replays them.
         */
        public Builder webSocketSettle(Duration settle) {
            this.webSocketSettle = settle;
            return this;
        }

        /** The clock for creation and deletion timestamps. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public TestKubernetesApiServer build() {
            return new TestKubernetesApiServer(this);
        }
    }
}
