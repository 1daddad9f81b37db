package io.taskpod.app.cli;

import io.taskpod.app.dag.DagDefaults;
import io.taskpod.app.dag.DagFileLoader;
import io.taskpod.app.runtime.PodRouting;
import io.taskpod.app.scheduler.SchedulerIdentity;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import io.taskpod.core.dag.TaskDefinition;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import io.taskpod.kubernetes.pod.PodBuildResult;
import io.taskpod.kubernetes.pod.PodFactory;
import io.taskpod.kubernetes.pod.PodTemplateLoader;
import io.taskpod.kubernetes.pod.PodYamlGenerator;
import io.taskpod.kubernetes.pod.PodYamlGenerator.GeneratedPod;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code taskpod kubernetes …}: tools for the KubernetesExecutor. */
@Command(name = "kubernetes", mixinStandardHelpOptions = true, description = "Tools for the KubernetesExecutor.",
        subcommands = {KubernetesCommand.GeneratePodYaml.class, CleanupPodsCommand.class})
public final class KubernetesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code taskpod kubernetes generate-pod-yaml DAG_ID [TASK_ID]}. */
    @Command(name = "generate-pod-yaml", mixinStandardHelpOptions = true,
            description = {"Print the pods a DAG's tasks would run in, exactly as the KubernetesExecutor would create "
                    + "them (placeholder run " + PodYamlGenerator.RUN_ID + ", try 1, this scheduler's id), without an "
                    + "API server.",
                    "Tasks that [core] executor runs elsewhere (a LocalExecutor, a queue the LocalKubernetesExecutor "
                    + "runs locally) get no pod and are named on stderr; with no Kubernetes executor configured, "
                    + "every task is shown as the KubernetesExecutor would run it.",
                    "Tasks whose pod cannot be built are listed on stderr with the field at fault; the exit code is "
                    + "then 1."})
    static final class GeneratePodYaml implements Callable<Integer> {

        @Mixin
        ConfigOption configOption;

        @Parameters(index = "0", paramLabel = "DAG_ID", description = "The DAG.")
        String dagId;

        @Parameters(index = "1", paramLabel = "TASK_ID", arity = "0..1", description = "Only this task.")
        Optional<String> taskId;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Config config = configOption.load();
            KubernetesExecutorSettings settings = KubernetesExecutorSettings.from(config);
            DagBag bag = new DagFileLoader(DagDefaults.from(config))
                    .loadAll(Path.of(config.get(CoreConfigKeys.DAGS_FOLDER)), config.get(CoreConfigKeys.LOAD_EXAMPLES));
            Dag dag = bag.dag(dagId).orElseThrow(() -> new UserError("no DAG " + dagId + " in the DAGs folder"
                    + (bag.errors().isEmpty() ? "" : " (" + bag.errors().size() + " file(s) failed to load; see taskpod dags list)")));
            Optional<String> task = taskId == null ? Optional.empty() : taskId;
            if (task.isPresent() && dag.task(task.get()).isEmpty()) {
                throw new UserError("DAG " + dagId + " has no task " + task.get() + "; its tasks: " + dag.tasks().keySet());
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            PodRouting routing = new PodRouting(config.get(CoreConfigKeys.EXECUTOR),
                    config.get(CoreConfigKeys.KUBERNETES_QUEUE));
            if (!routing.launchesPods()) {
                err.println("taskpod: [core] executor = " + String.join(",", routing.executors())
                        + " runs no pods; every task is shown as the KubernetesExecutor would run it");
            }
            Predicate<TaskDefinition> named = definition -> task.map(definition.taskId()::equals).orElse(true);
            Predicate<TaskDefinition> inPod = definition -> !routing.launchesPods()
                    || routing.notInPod(definition).isEmpty();
            dag.tasks().values().stream().filter(named.and(inPod.negate())).forEach(definition -> err.println(
                    "taskpod: " + dagId + "." + definition.taskId() + " runs on "
                            + routing.notInPod(definition).orElseThrow() + ": no pod"));
            String schedulerId = SchedulerIdentity.resolve(config.find(CoreConfigKeys.INSTANCE_ID),
                    SchedulerIdentity.hostName());
            PodFactory factory = new PodFactory(settings, schedulerId, new PodTemplateLoader());
            List<GeneratedPod> pods = PodYamlGenerator.generate(dag, named.and(inPod), factory);
            out.print(PodYamlGenerator.render(dagId, pods));
            out.flush();
            int failed = 0;
            for (GeneratedPod pod : pods) {
                if (pod.result() instanceof PodBuildResult.Invalid invalid) {
                    failed++;
                    invalid.problems().forEach(problem -> err.println("taskpod: " + dagId + "." + pod.taskId() + ": " + problem));
                }
            }
            err.flush();
            return failed == 0 ? 0 : 1;
        }
    }
}
