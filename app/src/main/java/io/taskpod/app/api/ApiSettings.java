package io.taskpod.app.api;

import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.CoreConfigKeys;
import java.util.Set;

/**
 * Whether and where the HTTP server listens: {@code [api] enabled}, {@code [api] host} and {@code [api] port} (0: any
 * free port).
 */
public record ApiSettings(boolean enabled, String host, int port) {

    private static final Set<String> ALL_INTERFACES = Set.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0");

    public static ApiSettings from(Config config) {
        return new ApiSettings(config.get(CoreConfigKeys.API_ENABLED), config.get(CoreConfigKeys.API_HOST),
                config.get(CoreConfigKeys.API_PORT));
    }

    /**
     * These settings, when the server is enabled.
     *
     * @throws ConfigException naming {@code [api] enabled} when it is False
     */
    public ApiSettings requireEnabled() {
        if (!enabled) {
            throw new ConfigException(CoreConfigKeys.API_ENABLED.qualifiedName() + " = False: the HTTP server is "
                    + "switched off, so taskpod api-server has nothing to serve; set it to True to run api-server");
        }
        return this;
    }

    /** Whether {@code host} is the wildcard address: the server listens on every interface. */
    boolean allInterfaces() {
        return ALL_INTERFACES.contains(host);
    }
}
