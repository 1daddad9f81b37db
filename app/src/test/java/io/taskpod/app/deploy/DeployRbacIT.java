package io.taskpod.app.deploy;

import static io.taskpod.app.deploy.RenderedManifests.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.taskpod.app.testing.TaskpodProcess;
import io.taskpod.app.testing.kubernetes.KubernetesEndToEnd;
import io.taskpod.app.testing.kubernetes.SchedulerProcess;
import io.taskpod.kubernetes.config.KubernetesClientFactory;
import io.taskpod.kubernetes.pod.PodLabels;
import io.taskpod.testkit.kubernetes.ApiRequest;
import io.taskpod.testkit.kubernetes.Failure;
import io.taskpod.testkit.kubernetes.RequestCounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The RBAC of {@code deploy/kubernetes}, derived from what taskpod does: an end-to-end run on the test API server
 * records every request taskpod's clients make (their User-Agent is {@code taskpod/<version>}), and each Role must
 * grant exactly those (verb, resource) pairs, nothing more ({@code DeployManifestsTest} checks that no rule says
 * {@code *}). The run covers each call the executor can
 * make: creates (one answered "already exists", which the launcher reads back), the watch and the periodic list,
 * labelling a failed pod done, deleting finished pods, and {@code tasks logs} reading a running pod's log. Then
 * {@code cleanup-pods} deletes the kept pod, for the cleanup job's Role. The same run checks the probes the
 * scheduler's manifest names against the scheduler's HTTP server.
 */
class DeployRbacIT {

    private static final Duration RUN = Duration.ofSeconds(120);
    private static final String RUN_ID = "r1";
    private static final String SCHEDULER_ID = RenderedManifests.SCHEDULER + "-0";

    @Test
    void everyRoleGrantsExactlyWhatTaskpodDidInARecordedRun() throws Exception {
        RenderedManifests base = RenderedManifests.render("base");
        RenderedManifests multiNamespace = RenderedManifests.render("overlays/multi-namespace");
        RenderedManifests cleanup = RenderedManifests.render("overlays/cleanup");
        Set<String> schedulerCalls;
        Set<String> cleanupCalls;
        try (KubernetesEndToEnd cluster = KubernetesEndToEnd.builder("deploy-rbac").start()) {
            Path release = cluster.logFolder().resolveSibling("release");
            cluster.dagFile("rbac.yaml", """
                    dag_id: rbac
                    tasks:
                      - task_id: succeeds
                        bash: "true"
                      - task_id: fails
                        bash: exit 3
                    """ + cluster.taskLoggingOnlyInItsPod("talks", release));
            cluster.apiServer().faults().failNext(1, ApiRequest.creates("pods"),
                    Failure.of(409, "AlreadyExists", "pods \"{name}\" already exists"));
            SchedulerProcess scheduler = cluster.startScheduler(SCHEDULER_ID);

            cluster.trigger("rbac", RUN_ID);
            await().atMost(RUN).until(() -> !cluster.markers().perTry("rbac", "talks", -1).isEmpty());
            TaskpodProcess.Result logs = cluster.taskpod("tasks", "logs", "rbac", "talks", RUN_ID);
            Files.createFile(release);
            cluster.awaitRun("rbac", RUN_ID, "failed", RUN);
            await().atMost(RUN).until(() -> keptPods(cluster).size() == 1);
            assertThat(logs.stdout()).as(logs.stderr()).contains("hello from a running pod");
            probesAreServed(base.schedulerContainer(), scheduler);
            scheduler.terminate();
            schedulerCalls = taskpodCalls(cluster.apiServer().requestCounts());

            cluster.apiServer().resetRequestCounts();
            TaskpodProcess.Result swept = cluster.taskpod("kubernetes", "cleanup-pods");
            assertThat(swept.exitCode()).as(swept.stderr()).isZero();
            assertThat(swept.stdout()).contains("1 deleted");
            assertThat(keptPods(cluster)).isEmpty();
            cleanupCalls = taskpodCalls(cluster.apiServer().requestCounts());
        }

        assertThat(grants(base.one(Role.class, NAMESPACE, RenderedManifests.SCHEDULER).getRules()))
                .isEqualTo(schedulerCalls);
        assertThat(grants(multiNamespace.one(ClusterRole.class, null, "taskpod-scheduler-pods").getRules()))
                .isEqualTo(schedulerCalls);
        assertThat(grants(cleanup.one(Role.class, NAMESPACE, "taskpod-cleanup").getRules())).isEqualTo(cleanupCalls);
    }

    /** Each probe of the scheduler container answers 200 on the scheduler's HTTP server once it is healthy. */
    private static void probesAreServed(Container container, SchedulerProcess scheduler) {
        Matcher listening = Pattern.compile("API server listening on (http://\\S+)").matcher(scheduler.log());
        assertThat(listening.find()).as("the scheduler serves HTTP").isTrue();
        String server = listening.group(1).replaceAll("/$", "");
        HttpClient http = HttpClient.newHttpClient();
        for (Probe probe : List.of(container.getStartupProbe(), container.getReadinessProbe(), container.getLivenessProbe())) {
            await().atMost(RUN).until(() -> http.send(HttpRequest.newBuilder(URI.create(server
                    + probe.getHttpGet().getPath())).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        }
    }

    private static List<Pod> keptPods(KubernetesEndToEnd cluster) {
        return cluster.livePods().stream().filter(pod -> PodLabels.TRUE.equals(
                pod.getMetadata().getLabels().get(PodLabels.EXECUTOR_DONE))).toList();
    }

    /** "verb resource" of every request taskpod's own clients made, as RBAC names them. */
    private static Set<String> taskpodCalls(RequestCounts counts) {
        Set<String> calls = new TreeSet<>();
        counts.fromClients(agent -> agent.equals(KubernetesClientFactory.USER_AGENT)).counts().keySet().forEach(key ->
                calls.add(key.verb().name().toLowerCase(Locale.ROOT).replace("_", "") + " " + key.resource()));
        return calls;
    }

    /** "verb resource" of every grant of core-group rules (any other group would be a grant taskpod never uses). */
    private static Set<String> grants(List<PolicyRule> rules) {
        Set<String> grants = new TreeSet<>();
        for (PolicyRule rule : rules) {
            assertThat(rule.getApiGroups()).containsExactly("");
            rule.getResources().forEach(resource -> rule.getVerbs().forEach(verb -> grants.add(verb + " " + resource)));
        }
        return grants;
    }
}
