package io.taskpod.app.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The load of this process's executors as they publish it in the meter registry ({@code executor.running_tasks},
 * {@code executor.queued_tasks}, {@code executor.open_slots}, tagged {@code executor} and, for the sides of the
 * LocalKubernetesExecutor, {@code side}). The HTTP threads read the gauges as a Prometheus scrape does and call no
 * executor method: the gauges only read sizes, which may lag the scheduler's thread by an iteration.
 */
final class ExecutorGauges {

    static final String RUNNING = "executor.running_tasks";
    static final String QUEUED = "executor.queued_tasks";
    static final String OPEN_SLOTS = "executor.open_slots";

    /**
     * One executor, or one side of a LocalKubernetesExecutor.
     *
     * @param side {@code local} or {@code kubernetes} for a side of the LocalKubernetesExecutor, else null
     * @param running tries the executor owns; {@code queued}: workloads waiting for a slot
     */
    record ExecutorLoad(String executor, String side, int running, int queued, int openSlots) {}

    private record Source(String executor, String side) {}

    private ExecutorGauges() {}

    /** Every executor registered in {@code registry}, by name and side; empty when there is none (api-server). */
    static List<ExecutorLoad> read(MeterRegistry registry) {
        Map<Source, Map<String, Integer>> values = new LinkedHashMap<>();
        for (String name : List.of(RUNNING, QUEUED, OPEN_SLOTS)) {
            for (Gauge gauge : registry.find(name).gauges()) {
                Source source = new Source(Objects.requireNonNullElse(gauge.getId().getTag("executor"), ""),
                        gauge.getId().getTag("side"));
                values.computeIfAbsent(source, s -> new LinkedHashMap<>()).put(name, (int) gauge.value());
            }
        }
        List<ExecutorLoad> loads = new ArrayList<>();
        values.forEach((source, byName) -> loads.add(new ExecutorLoad(source.executor(), source.side(),
                byName.getOrDefault(RUNNING, 0), byName.getOrDefault(QUEUED, 0), byName.getOrDefault(OPEN_SLOTS, 0))));
        loads.sort(Comparator.comparing(ExecutorLoad::executor)
                .thenComparing(load -> Objects.requireNonNullElse(load.side(), "")));
        return loads;
    }
}
