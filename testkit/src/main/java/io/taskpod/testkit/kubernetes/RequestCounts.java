package io.taskpod.testkit.kubernetes;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Requests the API server received, by client, verb and resource: an immutable snapshot, so a benchmark can
 * report "API requests per task instance" and a test can assert how many creates a launch took.
 */
public record RequestCounts(Map<Key, Long> counts) {

    /** What a count is kept by; {@code resource} includes the subresource ({@code pods/status}). */
    public record Key(String userAgent, Verb verb, String resource) {}

    public RequestCounts {
        counts = Map.copyOf(counts);
    }

    public long count(Verb verb, String resource) {
        return counts.entrySet().stream()
                .filter(entry -> entry.getKey().verb() == verb && entry.getKey().resource().equals(resource))
                .mapToLong(Map.Entry::getValue).sum();
    }

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Only the requests of clients whose {@code User-Agent} matches. */
    public RequestCounts fromClients(Predicate<String> userAgent) {
        return new RequestCounts(counts.entrySet().stream()
                .filter(entry -> userAgent.test(entry.getKey().userAgent()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** Everything but the requests of {@link TestKubelet}s: what the system under test asked for. */
    public RequestCounts excludingTestKubelets() {
        return fromClients(agent -> !agent.startsWith(TestKubelet.USER_AGENT_PREFIX));
    }

    /** Counts as {@code "create pods" -> 12}, sorted, for reports. */
    public Map<String, Long> byVerbAndResource() {
        return counts.entrySet().stream().collect(Collectors.toMap(
                entry -> entry.getKey().verb().name().toLowerCase(Locale.ROOT) + " "
                        + entry.getKey().resource(),
                Map.Entry::getValue, Long::sum, TreeMap::new));
    }

    @Override
    public String toString() {
        return byVerbAndResource().toString();
    }
}
