package io.taskpod.app.api;

import io.taskpod.app.execution.ExecutionApiUrl;
import io.taskpod.core.config.CoreConfigKeys;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Refuses a request whose {@code Host} header does not name this server, against DNS rebinding: a web page on a name
 * its owner then points at 127.0.0.1 becomes, to the visitor's browser, the same site as a loopback taskpod, and may
 * read and change through its API (with {@code [api] authenticate} off there, which is the default). The browser still
 * sends the page's own name as {@code Host}, and that is what this checks.
 *
 * <p>Allowed: {@code localhost}, any IP address (a browser sends one only when the page itself was loaded from that
 * address, so no name was resolved and nothing rebound: kubelet probes and Prometheus use the pod's IP), the name
 * {@code [api] host} binds to, and the names of {@code [api] allowed_hosts}; any port (the port a browser names is its
 * own end of a {@code kubectl port-forward} or a proxy, and an attacker's name is refused on every port). Checked
 * while {@code [api] host} is loopback or {@code allowed_hosts} is set; {@code *} turns it off. The execution API
 * ({@value ExecutionApiUrl#PATH}) is never checked: worker pods reach it by a Service name, and each call carries a
 * per-try token that no web page has.
 */
final class HostHeaderGuard {

    static final String ANY = "*";
    private static final String LOCALHOST = "localhost";
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f]*:[0-9a-f:.]*]");
    private static final Pattern PORT = Pattern.compile(":\\d*");

    private final boolean checking;
    private final Set<String> names;

    private HostHeaderGuard(boolean checking, Set<String> names) {
        this.checking = checking;
        this.names = names;
    }

    /**
     * The guard for a server bound to {@code boundHost}.
     *
     * @param loopback whether {@code boundHost} is a loopback address
     * @param boundHost {@code [api] host}
     * @param allowedHosts {@code [api] allowed_hosts}
     */
    static HostHeaderGuard of(boolean loopback, String boundHost, List<String> allowedHosts) {
        if (allowedHosts.contains(ANY) || (!loopback && allowedHosts.isEmpty())) {
            return new HostHeaderGuard(false, Set.of());
        }
        Set<String> names = allowedHosts.stream().map(HostHeaderGuard::name).flatMap(Optional::stream)
                .collect(Collectors.toSet());
        names.add(LOCALHOST);
        name(boundHost).ifPresent(names::add);
        return new HostHeaderGuard(true, Set.copyOf(names));
    }

    /**
     * Why this request must be refused, or empty when it may go on.
     *
     * @param path the request's path
     * @param host its {@code Host} header, if any
     */
    Optional<String> refusal(String path, Optional<String> host) {
        if (!checking || path.startsWith(ExecutionApiUrl.PATH)) {
            return Optional.empty();
        }
        Optional<String> name = host.flatMap(HostHeaderGuard::name);
        if (name.isPresent() && (names.contains(name.get()) || isIpAddress(name.get()))) {
            return Optional.empty();
        }
        String key = CoreConfigKeys.API_ALLOWED_HOSTS.qualifiedName();
        return Optional.of("Host " + host.map(h -> "'" + ApiText.quote(h) + "'").orElse("(none)") + " does not name "
                + "this server, which answers to localhost, IP addresses and the names of " + key + " (a web page "
                + "under another name may be using a DNS rebinding attack); if you reach taskpod by that name, add "
                + "it to " + key);
    }

    /** The lower-case name or address of a {@code Host} value, without port or final dot; empty if malformed. */
    static Optional<String> name(String host) {
        String value = host.strip().toLowerCase(Locale.ROOT);
        int end = value.startsWith("[") ? value.indexOf(']') + 1 : value.indexOf(':') < 0 ? value.length()
                : value.indexOf(':');
        if (end <= 0 || !(end == value.length() || PORT.matcher(value.substring(end)).matches())) {
            return Optional.empty();
        }
        String name = value.substring(0, end);
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    private static boolean isIpAddress(String name) {
        return IPV4.matcher(name).matches() || IPV6.matcher(name).matches();
    }
}
