package io.taskpod.app.dag;

import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.Schedule;
import io.taskpod.core.dag.TaskAction;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.core.executor.LocalExecutor;
import io.taskpod.core.executor.LocalKubernetesExecutor;
import io.taskpod.kubernetes.pod.ExecutorConfig;
import io.taskpod.kubernetes.pod.FieldProblem;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one DAG (one YAML document) into a {@link Dag}, recording every problem with its line and field. Returns
 * a DAG only when the document has no problem.
 */
final class DagSpecReader {

    /** Ids of DAGs and tasks: letters and digits of any script, {@code _}, {@code .}, {@code -}; at most 250. */
    static final Pattern ID = Pattern.compile("[\\p{L}\\p{N}_.\\-]{1,250}");

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    static final Set<String> DAG_FIELDS = Set.of("dag_id", "description", "schedule", "start_date", "catchup",
            "max_active_runs", "max_active_tasks", "tags", "default_args", "tasks");
    static final Set<String> DEFAULT_ARG_FIELDS = Set.of("retries", "retry_delay", "retry_exponential_backoff",
            "max_retry_delay", "execution_timeout", "queue", "executor", "priority_weight", "env", "executor_config");
    static final Set<String> TASK_FIELDS;

    static {
        Set<String> task = new LinkedHashSet<>(DEFAULT_ARG_FIELDS);
        task.addAll(List.of("task_id", "bash", "command", "depends_on", "expand"));
        TASK_FIELDS = Set.copyOf(task);
    }

    /** Names Airflow users may bring along, with the taskpod field to use instead. */
    private static final Map<String, String> AIRFLOW_NAMES = Map.of(
            "schedule_interval", "schedule",
            "bash_command", "bash",
            "upstream", "depends_on",
            "dependencies", "depends_on",
            "max_active_tasks_per_dag", "max_active_tasks",
            "concurrency", "max_active_tasks");

    private final DagDefaults defaults;
    private final Problems problems;

    DagSpecReader(DagDefaults defaults, Problems problems) {
        this.defaults = defaults;
        this.problems = problems;
    }

    Optional<Dag> read(Node document, String relativeFileloc, Path fileloc) {
        int before = problems.count();
        Optional<YamlMap> maybeDag = YamlMap.of(document, "", problems);
        if (maybeDag.isEmpty()) {
            return Optional.empty();
        }
        YamlMap dag = maybeDag.get();
        hintAirflowNames(dag);
        dag.rejectUnknown(DAG_FIELDS);

        Optional<String> dagId = dag.requiredString("dag_id").filter(id -> validId(dag, "dag_id", id));
        String description = dag.string("description").orElse("");
        Schedule schedule = readSchedule(dag);
        Optional<Instant> startDate = dag.node("start_date").flatMap(node -> readInstant(dag, "start_date", node));
        if (!(schedule instanceof Schedule.None) && startDate.isEmpty() && !dag.has("start_date")) {
            dag.problem("start_date", "a DAG with a schedule needs a start_date (e.g. 2024-01-01)");
        }
        boolean catchup = dag.bool("catchup").orElse(defaults.catchup());
        int maxActiveRuns = dag.integer("max_active_runs", 1).orElse(defaults.maxActiveRuns());
        int maxActiveTasks = dag.integer("max_active_tasks", 1).orElse(defaults.maxActiveTasks());
        List<String> tags = dag.stringList("tags", false).orElse(List.of());

        TaskDefaults taskDefaults = dag.map("default_args").map(this::readDefaultArgs).orElse(TaskDefaults.from(defaults));
        Map<String, TaskDefinition> tasks = readTasks(dag, taskDefaults);
        if (!tasks.isEmpty()) {
            new TaskGraphCheck(problems).check(tasks);
        }
        if (problems.count() > before || dagId.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Dag(dagId.get(), description, schedule, startDate, catchup, maxActiveRuns,
                maxActiveTasks, tags, tasks, relativeFileloc, fileloc));
    }

    private void hintAirflowNames(YamlMap map) {
        for (String key : map.keys()) {
            String replacement = AIRFLOW_NAMES.get(key);
            if (replacement != null) {
                map.problem(key, "taskpod calls this field '" + replacement + "'");
            }
        }
    }

    private boolean validId(YamlMap map, String field, String id) {
        if (!ID.matcher(id).matches()) {
            map.problem(field, "'" + id + "' is not a valid id: use letters, digits, '_', '.' or '-' (at most 250)");
            return false;
        }
        return true;
    }

    private Schedule readSchedule(YamlMap dag) {
        if (!dag.has("schedule")) {
            return new Schedule.None();
        }
        return dag.string("schedule").map(text -> {
            try {
                return ScheduleText.parse(text);
            } catch (IllegalArgumentException e) {
                dag.problem("schedule", e.getMessage());
                return (Schedule) new Schedule.None();
            }
        }).orElse(new Schedule.None());
    }

    private Optional<Instant> readInstant(YamlMap map, String field, Node node) {
        Object value = YamlValues.toPlain(node);
        String text = String.valueOf(value).trim().replace(' ', 'T');
        try {
            if (text.length() == 10) {
                return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return Optional.of(OffsetDateTime.parse(text.replaceAll("([+-]\\d\\d)(\\d\\d)$", "$1:$2")).toInstant());
            }
            return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            map.problem(field, "expected a date (2024-01-01) or date-time (2024-01-01T06:00:00Z; UTC when no offset), got '"
                    + value + "'");
            return Optional.empty();
        }
    }

    private TaskDefaults readDefaultArgs(YamlMap args) {
        args.rejectUnknown(DEFAULT_ARG_FIELDS);
        TaskDefaults base = TaskDefaults.from(defaults);
        return new TaskDefaults(
                args.integer("retries", 0).orElse(base.retries()),
                duration(args, "retry_delay").orElse(base.retryDelay()),
                args.bool("retry_exponential_backoff").orElse(base.retryExponentialBackoff()),
                duration(args, "max_retry_delay").or(base::maxRetryDelay),
                positiveDuration(args, "execution_timeout").or(base::executionTimeout),
                args.requiredStringIfPresent("queue").orElse(base.queue()),
                executor(args, "default_args").or(base::executor),
                args.integer("priority_weight", Integer.MIN_VALUE).orElse(base.priorityWeight()),
                env(args).orElse(base.env()),
                executorConfig(args).orElse(base.executorConfig()));
    }

    private Map<String, TaskDefinition> readTasks(YamlMap dag, TaskDefaults taskDefaults) {
        Map<String, TaskDefinition> tasks = new LinkedHashMap<>();
        if (!dag.has("tasks")) {
            dag.problem("tasks", "missing required field: a DAG needs at least one task");
            return tasks;
        }
        Optional<SequenceNode> list = dag.sequence("tasks");
        if (list.isEmpty()) {
            return tasks;
        }
        if (list.get().getValue().isEmpty()) {
            dag.problem("tasks", "a DAG needs at least one task");
            return tasks;
        }
        List<Node> items = list.get().getValue();
        for (int i = 0; i < items.size(); i++) {
            Optional<YamlMap> task = YamlMap.of(items.get(i), "tasks[" + i + "]", problems);
            task.flatMap(t -> readTask(t, taskDefaults)).ifPresent(definition -> {
                if (tasks.containsKey(definition.taskId())) {
                    task.get().problem("task_id", "duplicate task id '" + definition.taskId() + "' (first declared at line "
                            + tasks.get(definition.taskId()).line() + ")");
                } else {
                    tasks.put(definition.taskId(), definition);
                }
            });
        }
        return tasks;
    }

    private Optional<TaskDefinition> readTask(YamlMap task, TaskDefaults taskDefaults) {
        int before = problems.count();
        hintAirflowNames(task);
        task.rejectUnknown(TASK_FIELDS);
        Optional<String> taskId = task.requiredString("task_id").filter(id -> validId(task, "task_id", id));
        Optional<TaskAction> action = readAction(task);
        List<String> dependsOn = task.stringList("depends_on", true).orElse(List.of());
        Map<String, String> env = new LinkedHashMap<>(taskDefaults.env());
        env(task).ifPresent(env::putAll);
        Optional<List<Object>> expand = readExpand(task);
        TaskDefinition definition = new TaskDefinition(
                taskId.orElse("?"),
                action.orElse(new TaskAction.Bash("")),
                dependsOn,
                task.integer("retries", 0).orElse(taskDefaults.retries()),
                duration(task, "retry_delay").orElse(taskDefaults.retryDelay()),
                task.bool("retry_exponential_backoff").orElse(taskDefaults.retryExponentialBackoff()),
                duration(task, "max_retry_delay").or(taskDefaults::maxRetryDelay),
                positiveDuration(task, "execution_timeout").or(taskDefaults::executionTimeout),
                task.requiredStringIfPresent("queue").orElse(taskDefaults.queue()),
                executor(task, "task '" + taskId.orElse("?") + "'").or(taskDefaults::executor),
                task.integer("priority_weight", Integer.MIN_VALUE).orElse(taskDefaults.priorityWeight()),
                env,
                executorConfig(task).orElse(taskDefaults.executorConfig()),
                expand,
                task.line());
        return problems.count() > before ? Optional.empty() : Optional.of(definition);
    }

    private Optional<TaskAction> readAction(YamlMap task) {
        boolean bash = task.has("bash");
        boolean command = task.has("command");
        if (bash == command) {
            problems.add(task.line(), task.path(), bash
                    ? "set either bash (a script) or command (an argv list), not both"
                    : "missing what to run: set bash (a script run with bash) or command (an argv list)");
            return Optional.empty();
        }
        if (bash) {
            return task.string("bash").filter(script -> {
                if (script.isBlank()) {
                    task.problem("bash", "must not be empty");
                    return false;
                }
                return true;
            }).map(TaskAction.Bash::new);
        }
        if (task.node("command").filter(n -> !(n instanceof SequenceNode)).isPresent()) {
            task.problem("command", "expected a list of arguments such as [python3, job.py, --day, 1]; "
                    + "for a shell line use bash");
            return Optional.empty();
        }
        return task.stringList("command", false).filter(argv -> {
            if (argv.isEmpty()) {
                task.problem("command", "must name a program");
                return false;
            }
            return true;
        }).map(TaskAction.Command::new);
    }

    private Optional<List<Object>> readExpand(YamlMap task) {
        if (!task.has("expand")) {
            return Optional.empty();
        }
        return task.sequence("expand").flatMap(list -> {
            if (list.getValue().isEmpty()) {
                task.problem("expand", "expected a non-empty list: one task instance runs per item");
                return Optional.empty();
            }
            List<Object> items = new ArrayList<>();
            list.getValue().forEach(item -> items.add(YamlValues.toPlain(item)));
            return Optional.of(items);
        });
    }

    private Optional<Duration> duration(YamlMap map, String field) {
        return map.node(field).flatMap(node -> {
            Optional<Duration> parsed = DurationText.parse(YamlValues.toPlain(node));
            if (parsed.isEmpty()) {
                map.problem(field, "expected " + DurationText.EXPECTED + ", got " + YamlMap.describe(node));
            }
            return parsed;
        });
    }

    private Optional<Duration> positiveDuration(YamlMap map, String field) {
        return duration(map, field).filter(value -> {
            if (value.isZero()) {
                map.problem(field, "must be greater than zero");
                return false;
            }
            return true;
        });
    }

    /** The executor a task (or {@code default_args}, for {@code owner}) names; an unconfigured one is a problem. */
    private Optional<String> executor(YamlMap map, String owner) {
        return map.requiredStringIfPresent("executor").filter(name -> {
            if (!defaults.executorNames().isEmpty() && !defaults.executorNames().contains(name)) {
                map.problem("executor", owner + " asks for executor '" + name + "', which is not configured; "
                        + CoreConfigKeys.EXECUTOR.qualifiedName() + " = " + String.join(",", defaults.executorNames())
                        + sideHint(name));
                return false;
            }
            return true;
        });
    }

    /** For a side of a configured LocalKubernetesExecutor: how to reach that side instead. */
    private String sideHint(String name) {
        boolean side = name.equals(LocalExecutor.NAME) || name.equals(LocalKubernetesExecutor.KUBERNETES_SIDE);
        if (!side || !defaults.executorNames().contains(LocalKubernetesExecutor.NAME)) {
            return "";
        }
        return " (" + LocalKubernetesExecutor.NAME + " picks its side by queue: a task on a queue of "
                + CoreConfigKeys.KUBERNETES_QUEUE.qualifiedName() + " runs as a pod, any other task locally)";
    }

    private Optional<Map<String, String>> env(YamlMap map) {
        return map.stringMap("env").map(values -> {
            for (String name : values.keySet()) {
                if (!ENV_NAME.matcher(name).matches()) {
                    problems.add(map.lineOf("env"), map.field("env") + "." + name,
                            "not a valid environment variable name (letters, digits, '_'; not starting with a digit)");
                }
                if (name.startsWith("TASKPOD_")) {
                    problems.add(map.lineOf("env"), map.field("env") + "." + name,
                            "names starting with TASKPOD_ are set by taskpod itself");
                }
            }
            return values;
        });
    }

    @SuppressWarnings("unchecked")
    private Optional<Map<String, Object>> executorConfig(YamlMap map) {
        return map.node("executor_config").flatMap(node -> {
            Object value = YamlValues.toPlain(node);
            if (value instanceof Map<?, ?> config) {
                checkExecutorConfig(map, (Map<String, Object>) config);
                return Optional.of((Map<String, Object>) config);
            }
            map.problem("executor_config", "expected a mapping (e.g. pod_override: …), got " + YamlMap.describe(node));
            return Optional.empty();
        });
    }

    /** What the KubernetesExecutor would refuse at launch, checked by its own code, as problems of this DAG file. */
    private void checkExecutorConfig(YamlMap map, Map<String, Object> config) {
        for (FieldProblem problem : ExecutorConfig.check(config)) {
            String field = map.path().isEmpty() ? problem.field() : map.path() + "." + problem.field();
            problems.add(map.lineOf("executor_config"), field, problem.reason());
        }
    }

    /** What {@code default_args} (or the configuration) give tasks that do not set a field themselves. */
    private record TaskDefaults(int retries, Duration retryDelay, boolean retryExponentialBackoff,
            Optional<Duration> maxRetryDelay, Optional<Duration> executionTimeout, String queue,
            Optional<String> executor, int priorityWeight, Map<String, String> env, Map<String, Object> executorConfig) {

        static TaskDefaults from(DagDefaults defaults) {
            return new TaskDefaults(defaults.retries(), defaults.retryDelay(), false, Optional.empty(), Optional.empty(),
                    defaults.queue(), Optional.empty(), 1, Map.of(), Map.of());
        }
    }
}
