package io.taskpod.app.deploy;

import io.taskpod.app.remotelog.RemoteLogSettings;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import static io.taskpod.app.deploy.RenderedManifests.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.taskpod.app.api.ApiSettings;
import io.taskpod.app.cli.TaskpodCommand;
import io.taskpod.app.config.ConfigLoader;
import io.taskpod.app.execution.ExecutionApiUrl;
import io.taskpod.app.deploy.RenderedManifests.Rendered;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigSchema;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.config.TaskpodVersion;
import io.taskpod.core.executor.ExecuteTask;
import io.taskpod.core.executor.WorkerCommand;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.config.KubernetesConfigKeys;
import io.taskpod.kubernetes.config.KubernetesExecutorSettings;
import io.taskpod.kubernetes.pod.PodBuildResult;
import io.taskpod.kubernetes.pod.PodFactory;
import io.taskpod.kubernetes.pod.PodTemplateLoader;
import io.taskpod.kubernetes.pod.UnknownFields;
import io.taskpod.testkit.kubernetes.TestKubernetesApiServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code deploy/kubernetes}: every overlay (and all components at once) rendered by {@code kubectl kustomize}, parsed
 * into fabric8's models, applied to the test API server, and checked against what the code does: the worker template
 * passes taskpod's own pod building, the scheduler runs a command the CLI has with settings it knows, git-sync gives
 * scheduler and workers the same DAGs. What the RBAC rules must allow is derived from a run: {@code DeployRbacIT}.
 */
class DeployManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String IMAGE = "ghcr.io/taskpod/taskpod:" + TaskpodVersion.current();

    @TempDir
    Path dir;

    static Stream<String> kustomizations() {
        return Stream.concat(RenderedManifests.KUSTOMIZATIONS.stream(), Stream.of("every component"));
    }

    private static RenderedManifests render(String kustomization) {
        return kustomization.equals("every component") ? RenderedManifests.renderAllComponents()
                : RenderedManifests.render(kustomization);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyObjectParsesIntoItsModelWithoutUnknownFieldsAndSaysWhereItLives(String kustomization) {
        RenderedManifests manifests = render(kustomization);

        for (Rendered rendered : manifests.objects()) {
            assertThat(UnknownFields.in(rendered.tree(), rendered.object().getClass(), rendered.describe()))
                    .as("fields %s's model does not have", rendered.describe()).isEmpty();
        }
        Set<String> namespaces = Set.copyOf(manifests.all(Namespace.class).stream()
                .map(namespace -> namespace.getMetadata().getName()).toList());
        assertThat(manifests.objects()).filteredOn(rendered -> isNamespaced(rendered.object()))
                .allSatisfy(rendered -> assertThat(rendered.object().getMetadata().getNamespace())
                        .as("the namespace of %s", rendered.describe()).isIn(namespaces));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void noRoleGrantsAWildcard(String kustomization) {
        RenderedManifests manifests = render(kustomization);

        Stream.concat(manifests.all(Role.class).stream().map(Role::getRules),
                        manifests.all(ClusterRole.class).stream().map(ClusterRole::getRules))
                .flatMap(List::stream)
                .forEach(rule -> assertThat(Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs())
                        .flatMap(List::stream)).as("a rule granting %s", rule).doesNotContain("*"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyObjectIsAcceptedByTheApiServer(String kustomization) {
        RenderedManifests manifests = render(kustomization);

        try (TestKubernetesApiServer server = TestKubernetesApiServer.builder().strictNamespaces(true).build().start();
                KubernetesClient client = server.newClient()) {
            manifests.objects().stream().map(Rendered::object)
                    .sorted(Comparator.comparing(object -> object instanceof Namespace ? 0 : 1))
                    .forEach(object -> client.resource(object).create());
            assertThat(client.apps().statefulSets().inNamespace(NAMESPACE).withName(RenderedManifests.SCHEDULER).get())
                    .isNotNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void theWorkerTemplateBuildsAPodThroughTaskpodsOwnPodFactory(String kustomization) throws IOException {
        RenderedManifests manifests = render(kustomization);
        Config config = schedulerConfig(manifests);

        Pod pod = buildPod(config, Map.of());

        assertThat(pod.getSpec().getContainers().getFirst().getImage()).isEqualTo(IMAGE);
        assertThat(pod.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(pod.getSpec().getContainers().getFirst().getEnvFrom()).as("workers get no database settings, at most"
                + " the log store's credentials").allSatisfy(source -> assertThat(source.getSecretRef())
                        .satisfiesAnyOf(secret -> assertThat(secret).isNull(),
                                secret -> assertThat(secret.getName()).isEqualTo("taskpod-remote-logs")));
        assertThat(pod.getSpec().getContainers().getFirst().getEnv()).extracting(EnvVar::getName)
                .noneMatch(name -> name.startsWith("TASKPOD__DATABASE__"));
        String service = manifests.all(Deployment.class).isEmpty() ? "taskpod" : "taskpod-api";
        assertThat(ExecutionApiUrl.of(config)).as("workers in any namespace reach the execution API's Service")
                .isEqualTo(URI.create("http://" + manifests.one(Service.class, NAMESPACE, service).getMetadata().getName()
                        + "." + NAMESPACE + ".svc:" + config.get(CoreConfigKeys.API_PORT) + "/execution/"));
        assertThat(mountPath(pod.getSpec().getContainers().getFirst(), "logs"))
                .isEqualTo(config.get(CoreConfigKeys.BASE_LOG_FOLDER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void theSchedulerRunsACommandOfTheCliWithSettingsItKnowsOnThePortItServes(String kustomization) throws IOException {
        RenderedManifests manifests = render(kustomization);
        Container scheduler = manifests.schedulerContainer();

        CommandLine.ParseResult parsed = TaskpodCommand.commandLine().parseArgs(scheduler.getArgs().toArray(String[]::new));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("scheduler");
        assertThat(scheduler.getImage()).isEqualTo(IMAGE);
        ConfigSchema schema = ConfigLoader.schema();
        assertThat(scheduler.getEnv()).extracting(EnvVar::getName).filteredOn(name -> name.startsWith("TASKPOD__"))
                .allSatisfy(name -> assertThat(schema.find(section(name), key(name))).as(name).isPresent());
        Config config = schedulerConfig(manifests);
        assertThat(scheduler.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(config.get(CoreConfigKeys.API_PORT));
        });
        assertThat(config.get(CoreConfigKeys.API_HOST)).isEqualTo("0.0.0.0");
        for (Probe probe : List.of(scheduler.getStartupProbe(), scheduler.getReadinessProbe(), scheduler.getLivenessProbe())) {
            assertThat(probe.getHttpGet().getPath()).isEqualTo("/health");
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
            assertThat(probe.getTimeoutSeconds()).as("above the health check's 10 s database wait").isGreaterThan(10);
        }
        assertThat(manifests.one(Service.class, NAMESPACE, "taskpod").getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
        assertThat(manifests.scheduler().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/port", String.valueOf(config.get(CoreConfigKeys.API_PORT)))
                .containsEntry("prometheus.io/path", "/metrics");
    }

    @Test
    void gitSyncGivesTheSchedulerAndEveryWorkerTheSameDagsFolder() throws IOException {
        RenderedManifests manifests = RenderedManifests.render("overlays/git-sync");
        List<Container> schedulerPod = manifests.scheduler().getSpec().getTemplate().getSpec().getContainers();
        Pod worker = buildPod(schedulerConfig(manifests), Map.of());
        Map<String, String> gitSync = manifests.one(ConfigMap.class, NAMESPACE, "taskpod-git-sync").getData();

        String root = gitSync.get("GITSYNC_ROOT");
        String dagsFolder = root + "/" + gitSync.get("GITSYNC_LINK");
        Container scheduler = RenderedManifests.container(schedulerPod, "scheduler");
        Container sidecar = RenderedManifests.container(schedulerPod, "git-sync");
        Container base = worker.getSpec().getContainers().getFirst();
        Container clone = RenderedManifests.container(worker.getSpec().getInitContainers(), "git-sync");
        assertThat(List.of(mountPath(scheduler, "dags"), mountPath(sidecar, "dags"), mountPath(base, "dags"),
                mountPath(clone, "dags"))).containsOnly(root);
        assertThat(env(scheduler, "TASKPOD__CORE__DAGS_FOLDER")).isEqualTo(dagsFolder);
        assertThat(env(base, "TASKPOD__CORE__DAGS_FOLDER")).isEqualTo(dagsFolder);
        assertThat(List.of(sidecar.getImage(), clone.getImage())).allMatch(image ->
                image.startsWith("registry.k8s.io/git-sync/git-sync:v4."));
        assertThat(env(clone, "GITSYNC_ONE_TIME")).isEqualTo("true");
        assertThat(List.of(sidecar, clone)).allSatisfy(container -> assertThat(container.getEnvFrom())
                .anySatisfy(source -> assertThat(source.getConfigMapRef().getName()).isEqualTo("taskpod-git-sync")));
    }

    @Test
    void gitSyncsWorkerTemplateIsTheBasesPlusTheCloneAndNothingElse() throws IOException {
        RenderedManifests base = RenderedManifests.render("base");
        RenderedManifests gitSync = RenderedManifests.render("overlays/git-sync");

        ObjectNode withGitSync = (ObjectNode) YAML.readTree(gitSync.configFile("pod_template.yaml"));
        ObjectNode spec = (ObjectNode) withGitSync.get("spec");
        spec.remove("initContainers");
        removeNamed((ArrayNode) spec.get("volumes"), "dags");
        ObjectNode container = (ObjectNode) spec.get("containers").get(0);
        removeNamed((ArrayNode) container.get("volumeMounts"), "dags");
        removeNamed((ArrayNode) container.get("env"), "TASKPOD__CORE__DAGS_FOLDER");

        assertThat(withGitSync).isEqualTo(YAML.readTree(base.configFile("pod_template.yaml")));
    }

    @Test
    void multiNamespaceGrantsTheBaseRulesInEveryListedNamespaceAndGivesWorkersWhatTheyRead() throws IOException {
        RenderedManifests manifests = RenderedManifests.render("overlays/multi-namespace");
        Container scheduler = manifests.schedulerContainer();
        List<String> listed = List.of(env(scheduler, "TASKPOD__KUBERNETES_EXECUTOR__MULTI_NAMESPACE_MODE_NAMESPACE_LIST")
                .split(","));
        Role role = manifests.one(Role.class, NAMESPACE, RenderedManifests.SCHEDULER);
        ClusterRole clusterRole = manifests.one(ClusterRole.class, null, "taskpod-scheduler-pods");

        assertThat(env(scheduler, "TASKPOD__KUBERNETES_EXECUTOR__MULTI_NAMESPACE_MODE")).isEqualTo("True");
        assertThat(listed).contains(NAMESPACE).hasSizeGreaterThan(1);
        assertThat(clusterRole.getRules()).isEqualTo(role.getRules());
        for (String namespace : listed.stream().filter(namespace -> !namespace.equals(NAMESPACE)).toList()) {
            RoleBinding binding = manifests.one(RoleBinding.class, namespace, RenderedManifests.SCHEDULER);
            assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
            assertThat(binding.getRoleRef().getName()).isEqualTo("taskpod-scheduler-pods");
            assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
                assertThat(subject.getName()).isEqualTo(RenderedManifests.SCHEDULER);
                assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
            });
            assertThat(manifests.one(ConfigMap.class, namespace, RenderedManifests.CONFIG_MAP).getData().get("taskpod.cfg"))
                    .isEqualTo(manifests.configFile("taskpod.cfg"));
            assertThat(manifests.one(PersistentVolumeClaim.class, namespace, "taskpod-logs")).isNotNull();
        }
        Config config = schedulerConfig(manifests);
        Pod elsewhere = buildPod(config, Map.of("pod_override", Map.of("metadata", Map.of("namespace", listed.getLast()))));
        assertThat(elsewhere.getMetadata().getNamespace()).isEqualTo(listed.getLast());
    }

    @Test
    void devPostgresPointsTheDatabaseSecretAtItsOwnServer() {
        RenderedManifests manifests = RenderedManifests.render("overlays/dev-postgres");
        Map<String, String> secret = decoded(manifests.one(Secret.class, NAMESPACE, "taskpod-database"));
        assertThat(decoded(manifests.one(Secret.class, NAMESPACE, "taskpod-execution-api")))
                .containsKey("TASKPOD__API__EXECUTION_API_JWT_SECRET");
        Service service = manifests.one(Service.class, NAMESPACE, "taskpod-postgres");
        StatefulSet postgres = manifests.one(StatefulSet.class, NAMESPACE, "taskpod-postgres");

        assertThat(secret.get("TASKPOD__DATABASE__URL")).isEqualTo("jdbc:postgresql://" + service.getMetadata().getName()
                + "." + NAMESPACE + ".svc:" + service.getSpec().getPorts().getFirst().getPort() + "/taskpod");
        Container server = postgres.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(server.getEnv()).filteredOn(variable -> variable.getValueFrom() != null).allSatisfy(variable ->
                assertThat(secret).containsKey(variable.getValueFrom().getSecretKeyRef().getKey()));
        assertThat(manifests.one(PersistentVolumeClaim.class, NAMESPACE, "taskpod-logs").getSpec().getAccessModes())
                .containsExactly("ReadWriteOnce");
    }

    @Test
    void remoteLogsNeedsNoSharedVolumeAndGivesSchedulerAndWorkersTheStoresSettings() throws IOException {
        RenderedManifests manifests = RenderedManifests.render("overlays/remote-logs");
        ConfigMap settings = manifests.one(ConfigMap.class, NAMESPACE, "taskpod-remote-logs");
        Pod worker = buildPod(schedulerConfig(manifests), Map.of());
        Container base = worker.getSpec().getContainers().getFirst();

        assertThat(manifests.all(PersistentVolumeClaim.class)).isEmpty();
        assertThat(worker.getSpec().getVolumes()).filteredOn(volume -> volume.getName().equals("logs")).singleElement()
                .satisfies(volume -> assertThat(volume.getEmptyDir()).isNotNull());
        assertThat(manifests.scheduler().getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(volume -> volume.getName().equals("logs")).singleElement()
                .satisfies(volume -> assertThat(volume.getEmptyDir()).isNotNull());
        for (List<EnvFromSource> sources : List.of(base.getEnvFrom(), manifests.schedulerContainer().getEnvFrom())) {
            assertThat(sources).filteredOn(source -> source.getConfigMapRef() != null)
                    .extracting(source -> source.getConfigMapRef().getName()).contains("taskpod-remote-logs");
            assertThat(sources).filteredOn(source -> source.getSecretRef() != null)
                    .extracting(source -> source.getSecretRef().getName(), source -> source.getSecretRef().getOptional())
                    .contains(tuple("taskpod-remote-logs", true));
        }
        ConfigSchema schema = ConfigLoader.schema();
        assertThat(settings.getData().keySet()).allSatisfy(name ->
                assertThat(schema.find(section(name), key(name))).as(name).isPresent());
        Config config = ConfigLoader.load(Optional.of(Files.writeString(dir.resolve("taskpod.cfg"),
                manifests.configFile("taskpod.cfg"))), settings.getData());
        assertThat(RemoteLogSettings.from(config)).hasValueSatisfying(remote ->
                assertThat(remote.bucket()).isEqualTo("my-taskpod-logs"));
    }

    @Test
    void theCleanupJobRunsCleanupPodsWithOptionsItAccepts() {
        RenderedManifests manifests = RenderedManifests.render("overlays/cleanup");
        CronJob job = manifests.one(CronJob.class, NAMESPACE, "taskpod-cleanup-pods");
        Container container = job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().getFirst();

        CommandLine.ParseResult parsed = TaskpodCommand.commandLine().parseArgs(container.getArgs().toArray(String[]::new));

        assertThat(parsed.subcommand().subcommand().commandSpec().name()).isEqualTo("cleanup-pods");
        assertThat(container.getImage()).isEqualTo(IMAGE);
        assertThat(job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("taskpod-cleanup");
    }

    /**
     * components/api-server: {@code taskpod api-server} as a Deployment behind the Service taskpod-api, with the
     * settings it reads, the secrets it needs, the worker pods pointed at it, and of the Kubernetes API only what it
     * calls: a running pod's log for the log API (RunningPodLog), which the scheduler's Role grants too (DeployRbacIT
     * derives that one from a recorded run of {@code tasks logs}, which reads the same way).
     */
    @Test
    void theApiServerDeploymentServesTheExecutionApiBehindItsServiceWithOnlyThePodLogGrant() throws IOException {
        RenderedManifests manifests = RenderedManifests.render("overlays/api-server");
        Deployment deployment = manifests.one(Deployment.class, NAMESPACE, RenderedManifests.API_SERVER);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = RenderedManifests.container(pod.getContainers(), "api-server");
        Service service = manifests.one(Service.class, NAMESPACE, "taskpod-api");
        ApiSettings settings = ApiSettings.from(ConfigLoader.load(Optional.of(Files.writeString(
                dir.resolve("api-server.cfg"), manifests.configFile("taskpod.cfg"))), Map.of()));

        CommandLine.ParseResult parsed = TaskpodCommand.commandLine().parseArgs(container.getArgs().toArray(String[]::new));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("api-server");
        assertThat(container.getImage()).isEqualTo(IMAGE);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(container.getEnv()).extracting(EnvVar::getName).containsExactly("TASKPOD_CONFIG");
        assertThat(container.getEnvFrom()).extracting(source -> source.getSecretRef().getName())
                .containsExactly("taskpod-database", "taskpod-execution-api");
        assertThat(settings.host()).as("reachable through its pod IP").isEqualTo("0.0.0.0");
        assertThat(settings.authenticate()).as("/api needs a user on 0.0.0.0").isTrue();
        assertThat(container.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(settings.port());
        });
        for (Probe probe : List.of(container.getStartupProbe(), container.getReadinessProbe(), container.getLivenessProbe())) {
            assertThat(probe.getHttpGet().getPath()).isEqualTo("/health");
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
            assertThat(probe.getTimeoutSeconds()).as("above the health check's 10 s database wait").isGreaterThan(10);
        }
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");

        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(service.getSpec().getSelector());
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(manifests.scheduler().getSpec().getTemplate().getMetadata().getLabels())
                .as("the Service selects no scheduler").doesNotContainEntry("app.kubernetes.io/name",
                        service.getSpec().getSelector().get("app.kubernetes.io/name"));
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
            assertThat(port.getPort()).isEqualTo(settings.port());
        });
        assertThat(ExecutionApiUrl.of(schedulerConfig(manifests))).as("what the scheduler gives every worker pod")
                .isEqualTo(URI.create("http://" + service.getMetadata().getName() + "." + NAMESPACE + ".svc:"
                        + service.getSpec().getPorts().getFirst().getPort() + "/execution/"));

        assertThat(pod.getServiceAccountName()).isEqualTo(RenderedManifests.API_SERVER);
        RoleBinding binding = manifests.one(RoleBinding.class, NAMESPACE, RenderedManifests.API_SERVER);
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(RenderedManifests.API_SERVER);
        });
        assertThat(manifests.all(RoleBinding.class)).as("no other binding names the api-server's account")
                .filteredOn(other -> other.getSubjects().stream()
                        .anyMatch(subject -> subject.getName().equals(RenderedManifests.API_SERVER)))
                .containsExactly(binding);
        assertThat(manifests.all(ClusterRoleBinding.class)).isEmpty();
        Set<String> granted = grants(manifests.one(Role.class, NAMESPACE, binding.getRoleRef().getName()).getRules());
        assertThat(granted).containsExactly("get pods/log")
                .isSubsetOf(grants(manifests.one(Role.class, NAMESPACE, RenderedManifests.SCHEDULER).getRules()));
    }

    @Test
    void theGuidesOwnOverlayRunsSchedulerWorkersAndCleanupFromTheSameImage() throws IOException {
        RenderedManifests manifests = RenderedManifests.renderTheGuidesOwnOverlay();
        String image = "registry.example/team/taskpod:" + TaskpodVersion.current();

        assertThat(manifests.schedulerContainer().getImage()).isEqualTo(image);
        assertThat(buildPod(schedulerConfig(manifests), Map.of()).getSpec().getContainers().getFirst().getImage())
                .isEqualTo(image);
        assertThat(manifests.one(CronJob.class, NAMESPACE, "taskpod-cleanup-pods").getSpec().getJobTemplate().getSpec()
                .getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo(image);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyTaskpodContainerMountsTheFilesItsConfigurationNames(String kustomization) throws IOException {
        RenderedManifests manifests = render(kustomization);
        String templateFile = ConfigLoader.load(Optional.of(Files.writeString(dir.resolve("taskpod.cfg"),
                manifests.configFile("taskpod.cfg"))), Map.of()).get(KubernetesConfigKeys.POD_TEMPLATE_FILE);
        Pod worker = YAML.readValue(manifests.configFile("pod_template.yaml"), Pod.class);
        List<PodSpec> schedulers = Stream.concat(Stream.of(manifests.scheduler().getSpec().getTemplate().getSpec()),
                manifests.all(Deployment.class).stream().map(deployment -> deployment.getSpec().getTemplate().getSpec()))
                .toList();
        List<PodSpec> jobs = manifests.all(CronJob.class).stream()
                .map(job -> job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()).toList();

        for (PodSpec pod : Stream.of(schedulers, jobs).flatMap(List::stream).toList()) {
            Container container = pod.getContainers().getFirst();
            assertThat(mountedFiles(manifests, pod, container)).as(container.getName())
                    .contains(env(container, "TASKPOD_CONFIG"), templateFile);
        }
        Container base = worker.getSpec().getContainers().getFirst();
        assertThat(mountedFiles(manifests, worker.getSpec(), base)).contains(env(base, "TASKPOD_CONFIG"));
    }

    /**
     * The scheduler, the api-servers, the cleanup job and every worker pod pass the "restricted" Pod Security Standard,
     * so a namespace that enforces it (as many clusters do by default) admits them: non-root, the runtime's seccomp
     * profile, no privilege escalation, no capabilities. Only dev-postgres' throwaway PostgreSQL is not taskpod's to restrict.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyTaskpodPodPassesTheRestrictedPodSecurityStandard(String kustomization) throws IOException {
        RenderedManifests manifests = render(kustomization);
        Map<String, PodSpec> pods = new LinkedHashMap<>();
        pods.put("scheduler", manifests.scheduler().getSpec().getTemplate().getSpec());
        manifests.all(Deployment.class).forEach(deployment -> pods.put(deployment.getMetadata().getName(),
                deployment.getSpec().getTemplate().getSpec()));
        manifests.all(CronJob.class).forEach(job -> pods.put(job.getMetadata().getName(),
                job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()));
        pods.put("worker", buildPod(schedulerConfig(manifests), Map.of()).getSpec());

        pods.forEach((name, pod) -> {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name + " runAsNonRoot").isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile()).as(name + " seccompProfile").isNotNull()
                    .satisfies(profile -> assertThat(profile.getType()).isEqualTo("RuntimeDefault"));
            Stream.concat(pod.getContainers().stream(), Optional.ofNullable(pod.getInitContainers()).orElse(List.of())
                    .stream()).forEach(container -> {
                        String what = name + "/" + container.getName();
                        assertThat(container.getSecurityContext()).as(what + " securityContext").isNotNull();
                        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation())
                                .as(what + " allowPrivilegeEscalation").isFalse();
                        assertThat(container.getSecurityContext().getCapabilities().getDrop())
                                .as(what + " capabilities.drop").containsExactly("ALL");
                        assertThat(container.getSecurityContext().getPrivileged()).as(what + " privileged")
                                .isNotEqualTo(Boolean.TRUE);
                    });
            assertThat(pod.getVolumes()).as(name + " volumes").allSatisfy(volume ->
                    assertThat(volume.getHostPath()).as(volume.getName() + " hostPath").isNull());
        });
    }

    @Test
    void theBaseAndTheCheckedInExampleAgreeOnWhatAWorkerNeeds() throws IOException {
        RenderedManifests manifests = RenderedManifests.render("base");
        Pod example = YAML.readValue(Files.readString(Path.of("..", "examples", "pod_template.yaml")), Pod.class);
        Pod deployed = YAML.readValue(manifests.configFile("pod_template.yaml"), Pod.class);

        assertThat(deployed.getSpec().getSecurityContext()).usingRecursiveComparison()
                .ignoringFields("runAsGroup").isEqualTo(example.getSpec().getSecurityContext());
        assertThat(env(deployed.getSpec().getContainers().getFirst(), "TASKPOD_JAVA_OPTS"))
                .isEqualTo(env(example.getSpec().getContainers().getFirst(), "TASKPOD_JAVA_OPTS"));
    }

    // ---- helpers

    /** The scheduler's configuration as its pod sees it: the ConfigMap's taskpod.cfg under the container's env. */
    private Config schedulerConfig(RenderedManifests manifests) throws IOException {
        Path template = Files.writeString(dir.resolve("pod_template.yaml"), manifests.configFile("pod_template.yaml"));
        Map<String, String> environment = schedulerEnvironment(manifests);
        environment.put("TASKPOD__KUBERNETES_EXECUTOR__POD_TEMPLATE_FILE", template.toString());
        return ConfigLoader.load(Optional.of(Files.writeString(dir.resolve("taskpod.cfg"),
                manifests.configFile("taskpod.cfg"))), environment);
    }

    /** The scheduler container's variables, with the downward API's values for pod taskpod-scheduler-0. */
    private static Map<String, String> schedulerEnvironment(RenderedManifests manifests) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("TASKPOD_HOME", "/opt/taskpod");
        for (EnvVar variable : manifests.schedulerContainer().getEnv()) {
            if (variable.getValueFrom() == null) {
                environment.put(variable.getName(), variable.getValue());
            } else {
                String field = variable.getValueFrom().getFieldRef().getFieldPath();
                environment.put(variable.getName(), switch (field) {
                    case "metadata.name" -> RenderedManifests.SCHEDULER + "-0";
                    case "metadata.namespace" -> NAMESPACE;
                    default -> throw new AssertionError("unexpected downward API field " + field);
                });
            }
        }
        environment.remove("TASKPOD_CONFIG");
        return environment;
    }

    private static Pod buildPod(Config config, Map<String, Object> executorConfig) {
        TaskInstanceKey key = new TaskInstanceKey("example_hello", "hello", "manual__2026-01-01T00:00:00+00:00", 1, -1);
        PodFactory factory = new PodFactory(KubernetesExecutorSettings.from(config), RenderedManifests.SCHEDULER + "-0",
                new PodTemplateLoader());
        PodBuildResult result = factory.build(new ExecuteTask(key, "kubernetes", 1, Optional.empty(), executorConfig, 1,
                WorkerCommand.forLaunch(key, 1)));
        assertThat(result).as("the worker template builds a pod: %s", result).isInstanceOf(PodBuildResult.Built.class);
        return ((PodBuildResult.Built) result).pod();
    }

    /** The files the container sees from ConfigMap volumes: mount path + item path (or every key). */
    private static Set<String> mountedFiles(RenderedManifests manifests, PodSpec pod, Container container) {
        Set<String> files = new TreeSet<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            pod.getVolumes().stream().filter(volume -> volume.getName().equals(mount.getName())
                    && volume.getConfigMap() != null).forEach(volume -> {
                        ConfigMapVolumeSource source = volume.getConfigMap();
                        List<String> paths = source.getItems().isEmpty()
                                ? List.copyOf(manifests.one(ConfigMap.class, NAMESPACE, source.getName()).getData().keySet())
                                : source.getItems().stream().map(KeyToPath::getPath).toList();
                        paths.forEach(path -> files.add(mount.getMountPath() + "/" + path));
                    });
        }
        return files;
    }

    private static String mountPath(Container container, String volume) {
        return container.getVolumeMounts().stream().filter(mount -> mount.getName().equals(volume))
                .map(VolumeMount::getMountPath).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " does not mount " + volume));
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(variable -> variable.getName().equals(name)).map(EnvVar::getValue)
                .findFirst().orElseThrow(() -> new AssertionError(container.getName() + " has no variable " + name));
    }

    private static void removeNamed(ArrayNode list, String name) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (name.equals(list.get(i).path("name").asText())) {
                list.remove(i);
            }
        }
    }

    /** "verb resource" of every grant of {@code rules}, all of the core group. */
    private static Set<String> grants(List<PolicyRule> rules) {
        Set<String> grants = new TreeSet<>();
        rules.forEach(rule -> assertThat(rule.getApiGroups()).containsExactly(""));
        rules.forEach(rule -> rule.getResources().forEach(resource -> rule.getVerbs().forEach(verb ->
                grants.add(verb + " " + resource))));
        return grants;
    }

    private static Map<String, String> decoded(Secret secret) {
        Map<String, String> values = new LinkedHashMap<>();
        secret.getData().forEach((key, value) -> values.put(key, new String(Base64.getMimeDecoder().decode(value))));
        return values;
    }

    private static boolean isNamespaced(HasMetadata object) {
        return !(object instanceof Namespace || object instanceof ClusterRole || object instanceof ClusterRoleBinding);
    }

    private static String section(String variable) {
        return variable.substring("TASKPOD__".length(), variable.lastIndexOf("__")).toLowerCase(Locale.ROOT);
    }

    private static String key(String variable) {
        return variable.substring(variable.lastIndexOf("__") + 2).toLowerCase(Locale.ROOT);
    }
}
