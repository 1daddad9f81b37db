package io.taskpod.app.api;

import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.CoreConfigKeys;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether and where the HTTP server listens: {@code [api] enabled}, {@code [api] host} and {@code [api] port} (0: any
 * free port); and whether requests must name a user: {@code [api] authenticate}, on by default whenever the host is
 * not a loopback address, and {@code [api] authenticate_metrics}; which {@code Host} names it answers to:
 * {@code [api] allowed_hosts} ({@link HostHeaderGuard}); how many failed logins a username may have:
 * {@code [api] login_max_failures} within {@code [api] login_failure_window} ({@link LoginThrottle}).
 */
public record ApiSettings(boolean enabled, String host, int port, boolean authenticate, boolean authenticateMetrics,
        Duration sessionLifetime, List<String> allowedHosts, int loginMaxFailures, Duration loginFailureWindow) {

    private static final Set<String> ALL_INTERFACES = Set.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0");

    public static ApiSettings from(Config config) {
        String host = config.get(CoreConfigKeys.API_HOST);
        return new ApiSettings(config.get(CoreConfigKeys.API_ENABLED), host, config.get(CoreConfigKeys.API_PORT),
                config.find(CoreConfigKeys.API_AUTHENTICATE).orElse(!isLoopback(host)),
                config.get(CoreConfigKeys.API_AUTHENTICATE_METRICS),
                Duration.ofMinutes(config.get(CoreConfigKeys.API_SESSION_LIFETIME_MINUTES)),
                config.find(CoreConfigKeys.API_ALLOWED_HOSTS).orElse(List.of()),
                config.get(CoreConfigKeys.API_LOGIN_MAX_FAILURES), config.get(CoreConfigKeys.API_LOGIN_FAILURE_WINDOW));
    }

    public ApiSettings {
        allowedHosts = List.copyOf(allowedHosts);
    }

    /** Whether {@code host} names this machine's loopback interface only (a name is resolved). */
    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
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

    /**
     * What to warn about when {@code [api] authenticate} was turned off for a server that other machines can reach:
     * anyone who reaches the port may then trigger, clear, cancel and manage users. Empty on loopback or with
     * authentication on.
     */
    Optional<String> exposureWarning() {
        if (authenticate || isLoopback(host)) {
            return Optional.empty();
        }
        return Optional.of(CoreConfigKeys.API_AUTHENTICATE.qualifiedName() + " = False while " + CoreConfigKeys.API_HOST
                .qualifiedName() + " = " + host + " is not loopback: anyone who reaches the port may trigger, clear, "
                + "mark and cancel runs and manage users; set it True (the default there) unless something in front "
                + "authenticates every request, and then set " + CoreConfigKeys.API_ALLOWED_HOSTS.qualifiedName()
                + " so that a web page cannot reach it by DNS rebinding");
    }

    /** Which {@code Host} names requests may give: {@link HostHeaderGuard}. */
    HostHeaderGuard hostGuard() {
        return HostHeaderGuard.of(isLoopback(host), host, allowedHosts);
    }

    /** Whether {@code host} is the wildcard address: the server listens on every interface. */
    boolean allInterfaces() {
        return ALL_INTERFACES.contains(host);
    }
}
