package io.taskpod.app.dag;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.dag.DagLoadError;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each broken DAG file is reported with its line, the field at fault and a reason a user can act on. */
class DagFileErrorsTest {

    private static final String TASKS = "tasks:\n  - {task_id: a, bash: 'true'}\n";

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                Arguments.of("bad YAML", "dag_id: x\ntasks: [\n", 3, "", "invalid YAML"),
                Arguments.of("empty file", "", 0, "", "the file is empty"),
                Arguments.of("not a mapping", "- just\n- a list\n", 1, "", "expected a mapping"),
                Arguments.of("missing dag_id", TASKS, 1, "dag_id", "missing required field"),
                Arguments.of("invalid dag_id", "dag_id: 'has space'\n" + TASKS, 1, "dag_id", "not a valid id"),
                Arguments.of("unknown field with hint", "dag_id: x\ndescripton: typo\n" + TASKS, 2, "descripton",
                        "did you mean 'description'"),
                Arguments.of("Airflow field name", "dag_id: x\nschedule_interval: '@daily'\n" + TASKS, 2,
                        "schedule_interval", "taskpod calls this field 'schedule'"),
                Arguments.of("duplicate field", "dag_id: x\ndag_id: y\n" + TASKS, 2, "dag_id", "duplicate field"),
                Arguments.of("no tasks", "dag_id: x\n", 1, "tasks", "at least one task"),
                Arguments.of("empty task list", "dag_id: x\ntasks: []\n", 2, "tasks", "at least one task"),
                Arguments.of("bad cron", "dag_id: x\nschedule: '61 * * * *'\nstart_date: 2024-01-01\n" + TASKS, 2,
                        "schedule", "not a valid five-field cron expression"),
                Arguments.of("unknown preset", "dag_id: x\nschedule: '@sometimes'\nstart_date: 2024-01-01\n" + TASKS, 2,
                        "schedule", "unknown preset"),
                Arguments.of("schedule without start_date", "dag_id: x\nschedule: '@daily'\n" + TASKS, 1,
                        "start_date", "needs a start_date"),
                Arguments.of("bad start_date", "dag_id: x\nschedule: '@daily'\nstart_date: yesterday\n" + TASKS, 3,
                        "start_date", "expected a date"),
                Arguments.of("negative max_active_runs", "dag_id: x\nmax_active_runs: 0\n" + TASKS, 2,
                        "max_active_runs", "expected an integer >= 1"),
                Arguments.of("task without task_id", "dag_id: x\ntasks:\n  - bash: 'true'\n", 3,
                        "tasks[0].task_id", "missing required field"),
                Arguments.of("task with nothing to run", "dag_id: x\ntasks:\n  - task_id: a\n", 3, "tasks[0]",
                        "missing what to run"),
                Arguments.of("bash and command", "dag_id: x\ntasks:\n  - {task_id: a, bash: 'true', command: [ls]}\n",
                        3, "tasks[0]", "not both"),
                Arguments.of("command as a string", "dag_id: x\ntasks:\n  - {task_id: a, command: ls -l}\n", 3,
                        "tasks[0].command", "expected a list of arguments"),
                Arguments.of("duplicate task id",
                        "dag_id: x\ntasks:\n  - {task_id: a, bash: 'true'}\n  - {task_id: a, bash: 'true'}\n", 4,
                        "tasks[1].task_id", "duplicate task id 'a' (first declared at line 3)"),
                Arguments.of("unknown upstream", "dag_id: x\ntasks:\n  - {task_id: a, bash: 'true', depends_on: b}\n",
                        3, "tasks[a].depends_on", "unknown upstream task 'b'"),
                Arguments.of("self dependency", "dag_id: x\ntasks:\n  - {task_id: a, bash: 'true', depends_on: a}\n",
                        3, "tasks[a].depends_on", "depends on itself"),
                Arguments.of("cycle", "dag_id: x\ntasks:\n  - {task_id: a, bash: 'true', depends_on: c}\n"
                        + "  - {task_id: b, bash: 'true', depends_on: a}\n  - {task_id: c, bash: 'true', depends_on: b}\n",
                        3, "tasks[a].depends_on", "dependency cycle (each task depends on the next): a -> c -> b -> a"),
                Arguments.of("bad duration", "dag_id: x\ntasks:\n  - {task_id: a, bash: 'true', retry_delay: soon}\n",
                        3, "tasks[0].retry_delay", "expected a duration"),
                Arguments.of("zero timeout", "dag_id: x\ntasks:\n  - {task_id: a, bash: 'true', execution_timeout: 0}\n",
                        3, "tasks[0].execution_timeout", "greater than zero"),
                Arguments.of("negative retries", "dag_id: x\ntasks:\n  - {task_id: a, bash: 'true', retries: -1}\n", 3,
                        "tasks[0].retries", "expected an integer >= 0"),
                Arguments.of("empty expand", "dag_id: x\ntasks:\n  - {task_id: a, bash: 'true', expand: []}\n", 3,
                        "tasks[0].expand", "non-empty list"),
                Arguments.of("executor_config not a mapping",
                        "dag_id: x\ntasks:\n  - {task_id: a, bash: 'true', executor_config: [1]}\n", 3,
                        "tasks[0].executor_config", "expected a mapping"),
                Arguments.of("unknown legacy executor_config key",
                        "dag_id: x\ntasks:\n  - task_id: a\n    bash: 'true'\n    executor_config:\n"
                                + "      KubernetesExecutor: {request_memroy: 1Gi}\n", 5,
                        "tasks[0].executor_config.KubernetesExecutor.request_memroy", "unknown key"),
                Arguments.of("pod_override that is not a pod",
                        "dag_id: x\ntasks:\n  - task_id: a\n    bash: 'true'\n    executor_config:\n"
                                + "      pod_override: {spec: {containers: {name: base}}}\n", 5,
                        "tasks[0].executor_config.pod_override.spec.containers", "expected a list"),
                Arguments.of("pod_override field misspelt",
                        "dag_id: x\ntasks:\n  - task_id: a\n    bash: 'true'\n    executor_config:\n"
                                + "      pod_override: {spec: {nodeSelecter: {disk: ssd}}}\n", 5,
                        "tasks[0].executor_config.pod_override.spec.nodeSelecter", "unknown field"),
                Arguments.of("pod_override value the API server would refuse",
                        "dag_id: x\ntasks:\n  - task_id: a\n    bash: 'true'\n    executor_config:\n"
                                + "      pod_override:\n        spec:\n          containers:\n"
                                + "            - {name: base, resources: {limits: {memory: lots}}}\n", 5,
                        "tasks[0].executor_config.pod_override.spec.containers[0].resources.limits.memory",
                        "expected a Kubernetes quantity"),
                Arguments.of("pod_override naming the pod",
                        "dag_id: x\ntasks:\n  - task_id: a\n    bash: 'true'\n    executor_config:\n"
                                + "      pod_override: {metadata: {name: mine}}\n", 5,
                        "tasks[0].executor_config.pod_override.metadata.name", "taskpod names worker pods itself"),
                Arguments.of("pod_template_file not a path",
                        "dag_id: x\ntasks:\n  - task_id: a\n    bash: 'true'\n    executor_config:\n"
                                + "      pod_template_file: [a, b]\n", 5,
                        "tasks[0].executor_config.pod_template_file", "expected a file path"),
                Arguments.of("bad executor_config in default_args",
                        "dag_id: x\ndefault_args:\n  executor_config:\n    KubernetesExecutor: {limit_cpu: many}\n"
                                + TASKS, 3,
                        "default_args.executor_config.KubernetesExecutor.limit_cpu", "expected a Kubernetes quantity"),
                Arguments.of("bad env name", "dag_id: x\ntasks:\n  - task_id: a\n    bash: 'true'\n    env: {1X: y}\n", 5,
                        "tasks[0].env.1X", "not a valid environment variable name"),
                Arguments.of("reserved env name",
                        "dag_id: x\ntasks:\n  - task_id: a\n    bash: 'true'\n    env: {TASKPOD_TRY_NUMBER: '9'}\n", 5,
                        "tasks[0].env.TASKPOD_TRY_NUMBER", "set by taskpod itself"),
                Arguments.of("unknown default_args field", "dag_id: x\ndefault_args: {bash: 'true'}\n" + TASKS, 2,
                        "default_args.bash", "unknown field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void reportsFileLineFieldAndReason(String name, String yaml, int line, String field, String reason) {
        DagFileParser.Result result = new DagFileParser(DagDefaults.standard())
                .parse("case.yaml", Path.of("/dags/case.yaml"), yaml);

        assertThat(result.dags()).isEmpty();
        assertThat(result.errors()).isNotEmpty();
        DagLoadError error = result.errors().getFirst();
        assertThat(error.file()).isEqualTo("/dags/case.yaml");
        assertThat(error.line()).isEqualTo(line == 0 ? Optional.empty() : Optional.of(line));
        assertThat(error.field().orElse("")).isEqualTo(field);
        assertThat(error.reason()).contains(reason);
        assertThat(error.describe()).startsWith("/dags/case.yaml" + (line == 0 ? "" : ":" + line));
    }

    static Stream<Arguments> goodExecutorConfigs() {
        return Stream.of(
                Arguments.of("pod_override", "pod_override: {spec: {containers: [{name: base, "
                        + "resources: {limits: {memory: 2Gi}}}]}, metadata: {labels: {team: a}}}"),
                Arguments.of("legacy keys", "KubernetesExecutor: {request_memory: 1Gi, limit_cpu: 2, image: x/y:1}"),
                Arguments.of("a template file that is not there when the DAG loads",
                        "pod_template_file: /not/here/template.yaml"),
                Arguments.of("keys of other executors", "SomeOtherExecutor: {anything: [1, 2]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodExecutorConfigs")
    void goodExecutorConfigLoads(String name, String executorConfig) {
        String yaml = "dag_id: x\ntasks:\n  - task_id: a\n    bash: 'true'\n    executor_config: {" + executorConfig + "}\n";

        DagFileParser.Result result = new DagFileParser(DagDefaults.standard())
                .parse("case.yaml", Path.of("/dags/case.yaml"), yaml);

        assertThat(result.errors()).isEmpty();
        assertThat(result.dags()).hasSize(1);
    }
}
