package io.taskpod.testkit.kubernetes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** Counts every request the API server receives, faults and failures included. */
final class RequestCounter {

    private final Map<RequestCounts.Key, LongAdder> counts = new ConcurrentHashMap<>();

    void record(ApiRequest request) {
        counts.computeIfAbsent(new RequestCounts.Key(request.userAgent(), request.verb(), request.resource()),
                key -> new LongAdder()).increment();
    }

    RequestCounts snapshot() {
        return new RequestCounts(counts.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().sum())));
    }

    void reset() {
        counts.clear();
    }
}
