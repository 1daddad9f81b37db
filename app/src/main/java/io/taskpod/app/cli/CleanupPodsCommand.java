package io.taskpod.app.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskpod.app.dag.DurationText;
import io.taskpod.core.config.Config;
import io.taskpod.kubernetes.api.Fabric8KubernetesApi;
import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.cleanup.StalePodReport;
import io.taskpod.kubernetes.cleanup.StalePodReport.Outcome;
import io.taskpod.kubernetes.cleanup.StalePodRule;
import io.taskpod.kubernetes.cleanup.StalePodSweeper;
import io.taskpod.kubernetes.config.KubernetesClientFactory;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import io.taskpod.kubernetes.KubernetesSyntax;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskpod kubernetes cleanup-pods}: Airflow's command of the same name. Deletes taskpod's worker pods that
 * nobody needs any more (finished, or never started) by {@link StalePodRule}, in the configured namespaces or the
 * ones named; never a running pod, never a pod without taskpod's labels.
 */
@Command(name = "cleanup-pods", mixinStandardHelpOptions = true,
        description = {"Delete taskpod's worker pods (label kubernetes_executor=True, any scheduler's) that finished "
                + "(Succeeded or Failed) at least --older-than ago, or are still Pending --min-pending-minutes after "
                + "their creation (and --older-than). Running pods and pods without taskpod's labels are never "
                + "touched; a pod that changed since it was listed is left alone.",
                "Namespaces: --namespace, else those [kubernetes_executor] watches (namespace, or "
                + "multi_namespace_mode's list, or every namespace). Needs list and delete on pods there.",
                "Prints every pod it deletes (or would delete, with --dry-run) and a summary; exit code 1 when a "
                + "namespace could not be listed or a delete failed."})
final class CleanupPodsCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Option(names = "--namespace", paramLabel = "NS", description = "A namespace to clean (repeatable).")
    List<String> namespaces = List.of();

    @Option(names = "--older-than", paramLabel = "DURATION", defaultValue = "0",
            converter = DurationConverter.class,
            description = "Only pods finished at least this long ago: 30m, 12h, 1d, ... (default: ${DEFAULT-VALUE}, "
                    + "any finished pod, as Airflow).")
    Duration olderThan;

    @Option(names = "--min-pending-minutes", paramLabel = "N", defaultValue = "30",
            description = "Pending pods older than this many minutes are deleted (default: ${DEFAULT-VALUE}, as "
                    + "Airflow).")
    long minPendingMinutes;

    @Option(names = "--dry-run", description = "List the pods that would be deleted; delete nothing.")
    boolean dryRun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (minPendingMinutes < 0) {
            throw new UserError("--min-pending-minutes must be 0 or more, got " + minPendingMinutes);
        }
        namespaces.stream().filter(namespace -> !KubernetesSyntax.isDnsLabel(namespace)).findFirst()
                .ifPresent(namespace -> {
                    throw new UserError("--namespace " + namespace + ": expected " + KubernetesSyntax.dnsLabelRule());
                });
        Config config = configOption.load();
        KubernetesExecutorSettings settings = KubernetesExecutorSettings.from(config);
        List<PodScope> scopes = namespaces.isEmpty() ? PodScope.of(settings.pods().watchScope())
                : namespaces.stream().distinct().map(PodScope::namespace).toList();
        StalePodRule rule = new StalePodRule(olderThan, Duration.ofMinutes(minPendingMinutes));
        StalePodReport report;
        try (KubernetesClient client = new KubernetesClientFactory(System.getenv(),
                Path.of(System.getProperty("user.home"))).create(settings)) {
            report = new StalePodSweeper(new Fabric8KubernetesApi(client, Duration.ofMinutes(5)), Clock.systemUTC(),
                    rule).sweep(scopes, dryRun);
        }
        print(report, scopes);
        return report.complete() ? 0 : 1;
    }

    private void print(StalePodReport report, List<PodScope> scopes) {
        PrintWriter out = spec.commandLine().getOut();
        for (StalePodReport.Entry entry : report.entries()) {
            if (entry.outcome() != Outcome.KEPT) {
                out.println(label(entry.outcome()) + " " + entry.namespace() + "/" + entry.name() + " (" + entry.reason()
                        + ")");
            }
        }
        Map<Outcome, Long> counts = report.counts();
        String acted = dryRun ? counts.get(Outcome.WOULD_DELETE) + " would be deleted"
                : counts.get(Outcome.DELETED) + " deleted";
        out.println("cleanup-pods: " + report.entries().size() + " worker pods in "
                + String.join(", ", scopes.stream().map(PodScope::toString).toList()) + ": " + acted + ", "
                + counts.get(Outcome.KEPT) + " kept (running, too young, or not taskpod's), "
                + (counts.get(Outcome.GONE) + counts.get(Outcome.CHANGED)) + " gone or changed meanwhile, "
                + counts.get(Outcome.FAILED) + " failed");
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        report.failures().forEach(failure -> err.println("taskpod: " + failure));
        err.flush();
    }

    private static String label(Outcome outcome) {
        return switch (outcome) {
            case DELETED -> "deleted";
            case WOULD_DELETE -> "would delete";
            case GONE -> "already gone";
            case CHANGED -> "changed since listed, kept";
            case FAILED -> "failed to delete";
            case KEPT -> "kept";
        };
    }

    /** Reads {@code --older-than} as DAG files write durations. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return DurationText.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "expected " + DurationText.EXPECTED + ", got '" + value + "'"));
        }
    }
}
