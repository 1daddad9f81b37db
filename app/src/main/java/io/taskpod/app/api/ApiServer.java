package io.taskpod.app.api;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.util.JavalinBindException;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.CoreConfigKeys;
import java.net.URI;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running HTTP server (Javalin on Jetty) on {@code [api] host}:{@code [api] port}. A port already in use, or an
 * address this host does not have, is a {@link ConfigException} naming the key. Closing it stops the server, then
 * closes what it was given to own (the API's database pool).
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final Javalin javalin;
    private final URI address;
    private final String where;
    private final AutoCloseable owned;

    private ApiServer(Javalin javalin, URI address, String where, AutoCloseable owned) {
        this.javalin = javalin;
        this.address = address;
        this.where = where;
        this.owned = owned;
    }

    /**
     * Starts serving {@code routes}; on failure stops what was started and closes {@code owned}.
     *
     * @throws ConfigException when it cannot listen on the configured host and port
     */
    static ApiServer start(ApiSettings settings, Consumer<JavalinConfig> routes, AutoCloseable owned) {
        Javalin javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            routes.accept(config);
        });
        try {
            javalin.start(settings.host(), settings.port());
        } catch (JavalinBindException e) {
            javalin.stop();
            closeQuietly(owned);
            throw bindError(settings, e);
        } catch (RuntimeException e) {
            javalin.stop();
            closeQuietly(owned);
            throw e;
        }
        URI address = URI.create("http://" + hostForUri(settings.host()) + ":" + javalin.port());
        String where = settings.allInterfaces() ? "all interfaces, port " + javalin.port() : address.toString();
        log.info("API server listening on {}", where);
        settings.exposureWarning().ifPresent(log::warn);
        return new ApiServer(javalin, address, where, owned);
    }

    private static ConfigException bindError(ApiSettings settings, JavalinBindException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String cause = root.getMessage();
        String where = settings.host() + ":" + settings.port();
        if (cause != null && cause.toLowerCase().contains("in use")) {
            return new ConfigException(CoreConfigKeys.API_PORT.qualifiedName() + " = " + settings.port() + ": " + where
                    + " is already in use (another taskpod scheduler, standalone or api-server on this host?); "
                    + "choose a free port, or 0 for any free port");
        }
        return new ConfigException(CoreConfigKeys.API_HOST.qualifiedName() + " = " + settings.host() + ", "
                + CoreConfigKeys.API_PORT.qualifiedName() + " = " + settings.port() + ": cannot listen on " + where
                + ": " + cause);
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Where the server listens, e.g. {@code http://127.0.0.1:8080}; the bound port when {@code [api] port} is 0. */
    public URI address() {
        return address;
    }

    /**
     * Where the server listens, for people: {@link #address()}, or {@code all interfaces, port 8080} when
     * {@code [api] host} is the wildcard address.
     */
    public String where() {
        return where;
    }

    @Override
    public void close() {
        try {
            javalin.stop();
        } finally {
            closeQuietly(owned);
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("Could not close {}: {}", resource, e.toString());
        }
    }
}
