package io.taskpod.app.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taskpod.app.testing.TaskpodProcess;
import io.taskpod.core.config.TaskpodVersion;
import io.taskpod.core.model.TaskInstanceKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image's entrypoint, run from the image tree the build assembles ({@code app/target/image}) as the
 * image runs it: the Dockerfile copies that tree and nothing else, so what works here works in the image on the
 * same JVM release.
 */
class ImageEntrypointIT {

    private static final Path TREE = TaskpodProcess.launcher().getParent().getParent().getParent().getParent();

    @TempDir
    Path root;

    @Test
    void theDockerfileCopiesTheTreeAndStartsItsLauncher() throws IOException {
        List<String> dockerfile = Files.readAllLines(Path.of("..", "Dockerfile"));

        assertThat(dockerfile).contains("COPY --from=build /src/app/target/image/ /",
                "ENTRYPOINT [\"/opt/taskpod/bin/taskpod\"]");
        assertThat(TREE.resolve("opt/taskpod/bin/taskpod")).isExecutable();
        assertThat(TREE.resolve("opt/taskpod/lib/taskpod.jar")).isRegularFile();
        assertThat(TREE.resolve("opt/taskpod/lib/" + (Runtime.version().feature() >= 24 ? "taskpod.aot" : "taskpod.jsa")))
                .isRegularFile();
    }

    @Test
    void versionStartsOnTheBuildsStartupCache() throws Exception {
        // the launcher then refuses to start without the cache, as the Dockerfile's check does
        TaskpodProcess.Result version = TaskpodProcess.run(Map.of("TASKPOD_HOME", root.toString(),
                "TASKPOD_STARTUP_CACHE", "require"), "version");

        assertThat(version.stderr()).isEmpty();
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout().strip()).isEqualTo(TaskpodVersion.current());
    }

    @Test
    void onAFreshHomeTheReadmesDagGetsPodsOfThisBuildsImage() throws Exception {
        Files.createDirectories(root.resolve("dags"));
        Files.writeString(root.resolve("dags/hello.yaml"), readmeHelloDag());

        TaskpodProcess.Result pods = TaskpodProcess.run(Map.of("TASKPOD_HOME", root.toString()),
                "kubernetes", "generate-pod-yaml", "hello");

        assertThat(pods.exitCode()).as(pods.stderr()).isZero();
        List<Pod> parsed = new KubernetesSerialization().unmarshal(pods.stdout());
        assertThat(parsed).extracting(pod -> pod.getMetadata().getAnnotations().get("task_id"))
                .contains("extract", "per_region", "heavy");
        assertThat(parsed).allSatisfy(pod -> assertThat(pod.getSpec().getContainers().getFirst().getImage())
                .isEqualTo("ghcr.io/taskpod/taskpod:" + TaskpodVersion.current()));
    }

    @Test
    void aWorkerRunsItsTryAgainstTheDatabase() throws Exception {
        try (WorkerTestBed bed = new WorkerTestBed(root)) {
            bed.writeDag("img", "dag_id: img\ntasks:\n  - {task_id: t, bash: 'echo ran in the image tree'}\n");
            TaskInstanceKey key = new TaskInstanceKey("img", "t", "r1", 1, -1);
            bed.queue(key);
            Map<String, String> environment = new LinkedHashMap<>(bed.workerProcessEnvironment());

            TaskpodProcess.Result worker = TaskpodProcess.run(environment, "tasks", "run", "img", "t", "r1",
                    "--try-number", "1");

            assertThat(worker.exitCode()).as(worker.stderr()).isZero();
            assertThat(bed.state(key)).isEqualTo("success");
            assertThat(bed.log(key)).contains("ran in the image tree", "final state: success");
        }
    }

    /** The DAG the README's tour has users write to {@code ~/.taskpod/dags/hello.yaml}. */
    private static String readmeHelloDag() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int mention = readme.indexOf("dags/hello.yaml");
        int start = readme.indexOf("```yaml\n", mention) + "```yaml\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }
}
