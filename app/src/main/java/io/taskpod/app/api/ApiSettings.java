package io.taskpod.app.api;

import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;

/**
 * Where the HTTP server listens: {@code [api] host} and {@code [api] port} (0: any free port).
 */
public record ApiSettings(String host, int port) {

    public static ApiSettings from(Config config) {
        return new ApiSettings(config.get(CoreConfigKeys.API_HOST), config.get(CoreConfigKeys.API_PORT));
    }
}
