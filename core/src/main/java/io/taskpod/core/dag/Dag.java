package io.taskpod.core.dag;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed DAG: its settings and its tasks in declaration order. Construction does not validate the task
 * graph; the parser reports cycles and unknown upstreams as {@link DagLoadError}s before building one.
 *
 * @param relativeFileloc the DAG file relative to the DAGs folder (or {@code classpath:…} for bundled examples);
 *     workers resolve it against their own DAGs folder
 * @param maxActiveTasks at most this many task instances of the DAG queued or running at once
 */
public record Dag(
        String dagId,
        String description,
        Schedule schedule,
        Optional<Instant> startDate,
        boolean catchup,
        int maxActiveRuns,
        int maxActiveTasks,
        List<String> tags,
        Map<String, TaskDefinition> tasks,
        String relativeFileloc,
        Path fileloc) {

    public Dag {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(startDate, "startDate");
        tags = List.copyOf(tags);
        tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
        Objects.requireNonNull(relativeFileloc, "relativeFileloc");
        Objects.requireNonNull(fileloc, "fileloc");
    }

    public Optional<TaskDefinition> task(String taskId) {
        return Optional.ofNullable(tasks.get(taskId));
    }

    /** Task ids that list {@code taskId} in their {@code depends_on}. */
    public List<String> downstreamOf(String taskId) {
        List<String> downstream = new ArrayList<>();
        for (TaskDefinition task : tasks.values()) {
            if (task.dependsOn().contains(taskId)) {
                downstream.add(task.taskId());
            }
        }
        return downstream;
    }
}
