package io.taskpod.app.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskpod.core.dag.TaskAction;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.model.TaskInstanceKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The process a try runs: its argv ({@code bash -c SCRIPT} for a bash task, the argv of a command task) and its
 * complete environment.
 *
 * <p>The environment is the worker's own, without the {@code TASKPOD__DATABASE__*} variables (the task has no
 * business with the metadata database's credentials), plus the task's {@code env}, plus {@code TASKPOD_DAG_ID},
 * {@code TASKPOD_TASK_ID}, {@code TASKPOD_RUN_ID}, {@code TASKPOD_TRY_NUMBER}, {@code TASKPOD_MAP_INDEX} (-1 when
 * unmapped) and, for a mapped task, {@code TASKPOD_MAP_ITEM}: the item as it is when it is a string, else as JSON.
 * The {@code TASKPOD_} values win over a task {@code env} entry of the same name.
 */
public record TaskLaunch(List<String> argv, Map<String, String> environment) {

    private static final String DATABASE_VARIABLES = "TASKPOD__DATABASE__";
    /** Words a shell reads as they are; anything else is shown in single quotes. */
    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    public TaskLaunch {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
    }

    /**
     * @param mapItem the {@code expand} item of a mapped task instance as {@link #itemText} renders it; empty when
     *     unmapped
     * @param workerEnvironment the worker's own environment
     */
    public static TaskLaunch of(TaskDefinition task, TaskInstanceKey key, Optional<String> mapItem,
            Map<String, String> workerEnvironment) {
        Map<String, String> environment = new LinkedHashMap<>();
        workerEnvironment.forEach((name, value) -> {
            if (!name.startsWith(DATABASE_VARIABLES)) {
                environment.put(name, value);
            }
        });
        environment.putAll(task.env());
        environment.put("TASKPOD_DAG_ID", key.dagId());
        environment.put("TASKPOD_TASK_ID", key.taskId());
        environment.put("TASKPOD_RUN_ID", key.runId());
        environment.put("TASKPOD_TRY_NUMBER", Integer.toString(key.tryNumber()));
        environment.put("TASKPOD_MAP_INDEX", Integer.toString(key.mapIndex()));
        environment.remove("TASKPOD_MAP_ITEM");
        mapItem.ifPresent(item -> environment.put("TASKPOD_MAP_ITEM", item));
        return new TaskLaunch(argv(task.action()), environment);
    }

    /**
     * The {@code expand} item of the task instance as {@link #itemText} renders it, empty for an unmapped task.
     *
     * @param where where the task comes from, for messages (e.g. {@code file dags/etl.yaml})
     * @throws WorkerError when the map index does not fit the task
     */
    public static Optional<String> mapItem(TaskDefinition task, TaskInstanceKey key, String where) {
        String which = "task '" + key.taskId() + "' of DAG '" + key.dagId() + "' (" + where + ")";
        if (task.expand().isEmpty()) {
            if (key.isMapped()) {
                throw new WorkerError(which + " is not mapped (no expand), so it has no map_index " + key.mapIndex());
            }
            return Optional.empty();
        }
        List<Object> items = task.expand().get();
        if (!key.isMapped()) {
            throw new WorkerError(which + " is mapped (expand): give --map-index 0.." + (items.size() - 1));
        }
        if (key.mapIndex() >= items.size()) {
            throw new WorkerError(which + " has " + items.size() + " expand items, none at map_index " + key.mapIndex());
        }
        return Optional.of(itemText(items.get(key.mapIndex())));
    }

    /** The argv of a task action. */
    public static List<String> argv(TaskAction action) {
        return switch (action) {
            case TaskAction.Bash bash -> List.of("bash", "-c", bash.script());
            case TaskAction.Command command -> command.argv();
        };
    }

    /** A map item as the task sees it: a string as it is, anything else (numbers, lists, maps, null) as JSON. */
    public static String itemText(Object item) {
        if (item instanceof String text) {
            return text;
        }
        try {
            return ItemJson.MAPPER.writeValueAsString(item);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("map item cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The command for the task log: the script of a bash task, the argv of a command task. */
    public String display() {
        return String.join(" ", argv.stream().map(TaskLaunch::quoteIfNeeded).toList());
    }

    private static String quoteIfNeeded(String arg) {
        return SAFE_WORD.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    /** Created for the first item that is not a string: most workers run tasks that are not mapped. */
    private static final class ItemJson {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
