package io.taskpod.app.api.browser;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskpod.app.api.ApiAssembly;
import io.taskpod.app.api.ApiServer;
import io.taskpod.app.config.ConfigLoader;
import io.taskpod.app.runtime.DagFolderSource;
import io.taskpod.app.users.Passwords;
import io.taskpod.app.users.Users;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.MapConfigSource;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.store.Database;
import io.taskpod.store.DatabaseSettings;
import io.taskpod.store.Jdbc;
import io.taskpod.store.dag.DagRepository;
import io.taskpod.store.operate.Actor;
import io.taskpod.store.user.Role;
import io.taskpod.testkit.kubernetes.TestKubernetesApiServer;
import io.taskpod.testkit.postgres.TestDatabase;
import io.taskpod.testkit.postgres.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * What every browser test shares, started once per test JVM: a real PostgreSQL database with the fixture DAGs stored,
 * users of each role, the HTTP server on a free loopback port with {@code [api] authenticate} on, a Kubernetes API
 * server (testkit's) whose pods' logs the server can read, and one headless Chromium (Debian's, through its
 * chromedriver). Tests get it as a parameter ({@link Resolver}); each test makes the runs it looks at, under run ids of
 * its own.
 */
final class BrowserTestBed implements AutoCloseable {

    static final String PASSWORD = "correct horse battery";
    static final String ADMIN = "ada";
    static final String OPERATOR = "otto";
    static final String VIEWER = "vera";
    static final String NAMESPACE = "taskpod";

    final Path home;
    final Database database;
    final Jdbc jdbc;
    final Config config;
    final TaskLogFiles logFiles;
    final UiFixture fixture;
    final TestKubernetesApiServer kubernetes;
    final ApiServer server;
    final ChromeDriver browser;
    final Page page;
    private String loggedIn;

    private BrowserTestBed() throws IOException {
        home = Files.createTempDirectory("taskpod-browser");
        TestDatabase test = TestPostgres.newDatabase();
        DatabaseSettings settings = new DatabaseSettings(test.url(), test.user(), test.password(), 4);
        database = Database.open(settings, "browser-test");
        database.migrate();
        jdbc = new Jdbc(database);
        Path dags = Files.createDirectories(home.resolve("dags"));
        Files.writeString(dags.resolve("etl.yaml"), UiFixture.ETL);
        Files.writeString(dags.resolve("ops.yaml"), UiFixture.OPS);
        Files.writeString(dags.resolve("live.yaml"), UiFixture.LIVE);
        Files.writeString(dags.resolve("broken.yaml"), UiFixture.BROKEN);
        kubernetes = TestKubernetesApiServer.startNew();
        kubernetes.createNamespace(NAMESPACE);
        config = new Config(new MapConfigSource("browser-test")
                .set("core", "dags_folder", dags.toString())
                .set("core", "load_examples", "false")
                .set("logging", "base_log_folder", home.resolve("logs").toString())
                .set("api", "port", "0")
                .set("api", "authenticate", "True")
                .set("kubernetes_executor", "in_cluster", "False")
                .set("kubernetes_executor", "namespace", NAMESPACE)
                .set("kubernetes_executor", "config_file",
                        kubernetes.writeKubeconfig(home.resolve("kubeconfig")).toString()),
                ConfigLoader.schema(), home);
        logFiles = new TaskLogFiles(home.resolve("logs"), Clock.systemUTC());
        fixture = new UiFixture(jdbc, logFiles);
        new DagRepository(jdbc).upsert(new DagFolderSource(config).load().dags().values(), Instant.now());
        Users users = new Users(jdbc, new Passwords(), Clock.systemUTC());
        users.create(ADMIN, Role.ADMIN, PASSWORD, new Actor("browser-test"));
        users.create(OPERATOR, Role.OP, PASSWORD, new Actor("browser-test"));
        users.create(VIEWER, Role.VIEWER, PASSWORD, new Actor("browser-test"));
        server = ApiAssembly.start(config, settings, Optional.empty(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
        browser = Chromium.start(Files.createDirectories(home.resolve("chromium-profile")));
        page = new Page(browser, server.address());
    }

    /** Opens {@code path} as a user of that name would, logging in (or switching users) first. */
    void open(String username, String path) {
        if (!username.equals(loggedIn)) {
            browser.manage().deleteAllCookies();
            browser.get(page.url(path));
            page.find("#login");
            page.type("#username", username);
            page.type("#password", PASSWORD);
            page.find("#login button[type=submit]").click();
            page.await().until(ExpectedConditions.textToBe(By.id("user-name"), username + " (" + roleOf(username) + ")"));
            loggedIn = username;
            return;
        }
        browser.get(page.url(path));
    }

    /** Forgets who is logged in here, after a test logged out or let its session end. */
    void loggedOut() {
        loggedIn = null;
    }

    private static String roleOf(String username) {
        return switch (username) {
            case ADMIN -> "admin";
            case OPERATOR -> "op";
            default -> "viewer";
        };
    }

    @Override
    public void close() {
        try {
            browser.quit();
        } finally {
            server.close();
            kubernetes.close();
            database.close();
            deleteQuietly(home);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }

    /**
     * Gives tests the shared bed, made on first use and closed when the test run ends
     * ({@link Chromium#requireInstalled()}).
     */
    static final class Resolver implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == BrowserTestBed.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            Chromium.requireInstalled();
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(BrowserTestBed.class, key -> {
                        try {
                            return new BrowserTestBed();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }, BrowserTestBed.class);
        }
    }
}
