package io.taskpod.app.execution;

import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.CoreConfigKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * Where workers find the execution API: {@code [core] execution_api_server_url}, or, when empty, the HTTP server of
 * this host: where the scheduler's own server listens ({@link #servedBy}), else {@code http://[api] host:[api] port/
 * execution/}; 127.0.0.1 for a wildcard host. Always ends in {@code /}, so the API's paths resolve under it.
 */
public final class ExecutionApiUrl {

    /** The path under which the HTTP server serves the execution API. */
    public static final String PATH = "/execution/";
    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0");

    private ExecutionApiUrl() {}

    /**
     * The configuration with {@code [core] execution_api_server_url} set to the execution API of the HTTP server this
     * process runs at {@code serverAddress} (its bound port, when {@code [api] port} is 0), unless it is set already.
     */
    public static Config servedBy(Config config, URI serverAddress) {
        if (!config.find(CoreConfigKeys.EXECUTION_API_SERVER_URL).orElse("").isBlank()) {
            return config;
        }
        String host = WILDCARDS.contains(serverAddress.getHost()) ? "127.0.0.1" : serverAddress.getHost();
        return config.withValue(CoreConfigKeys.EXECUTION_API_SERVER_URL, "http://" + host + ":" + serverAddress.getPort()
                + PATH, "this process's HTTP server");
    }

    /**
     * The configured or derived URL.
     *
     * @throws ConfigException naming the key when the configured value is not an http(s) URL
     */
    public static URI of(Config config) {
        String configured = config.find(CoreConfigKeys.EXECUTION_API_SERVER_URL).orElse("").strip();
        if (configured.isEmpty()) {
            String host = config.get(CoreConfigKeys.API_HOST);
            String reachable = WILDCARDS.contains(host) ? "127.0.0.1" : host.contains(":") && !host.startsWith("[")
                    ? "[" + host + "]" : host;
            return URI.create("http://" + reachable + ":" + config.get(CoreConfigKeys.API_PORT) + PATH);
        }
        try {
            URI uri = new URI(configured.endsWith("/") ? configured : configured + "/");
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(configured, "not an http or https URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(CoreConfigKeys.EXECUTION_API_SERVER_URL.qualifiedName() + " = " + configured
                    + ": expected the execution API's http(s) URL, e.g. http://taskpod-api:8080/execution/ ("
                    + e.getReason() + ")");
        }
    }
}
