package io.taskpod.app.deploy;

import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A kustomization of {@code deploy/kubernetes} rendered by {@code kubectl kustomize}, as kubectl would apply it:
 * every object as the tree kustomize wrote and as the fabric8 model it parses into. Tests that need kubectl are
 * skipped, with a message saying so, on a machine without it.
 */
final class RenderedManifests {

    /** The manifests, from the app module's directory (where Maven runs tests). */
    static final Path DEPLOY = Path.of("..", "deploy", "kubernetes").toAbsolutePath().normalize();
    /** The overlays users apply, and the base. */
    static final List<String> KUSTOMIZATIONS = List.of("base", "overlays/git-sync", "overlays/multi-namespace",
            "overlays/dev-postgres", "overlays/cleanup", "overlays/remote-logs", "overlays/api-server");
    static final String NAMESPACE = "taskpod";
    static final String SCHEDULER = "taskpod-scheduler";
    static final String CONFIG_MAP = "taskpod-config";
    static final String API_SERVER = "taskpod-api-server";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** One object: the tree kustomize wrote and the model it parses into. */
    record Rendered(JsonNode tree, HasMetadata object) {
        String describe() {
            return object.getKind() + " " + Objects.toString(object.getMetadata().getNamespace(), "") + "/"
                    + object.getMetadata().getName();
        }
    }

    private final String name;
    private final List<Rendered> objects;

    private RenderedManifests(String name, List<Rendered> objects) {
        this.name = name;
        this.objects = List.copyOf(objects);
    }

    /** What this JVM rendered already: the files do not change while tests run. */
    private static final Map<String, RenderedManifests> RENDERED = new ConcurrentHashMap<>();

    /** Renders {@code deploy/kubernetes/<kustomization>}. */
    static RenderedManifests render(String kustomization) {
        return RENDERED.computeIfAbsent(kustomization, name -> render(name, DEPLOY.resolve(name)));
    }

    /**
     * Renders the base with every component at once, but remote-logs: it and git-sync each bring a worker template of
     * their own (components/remote-logs says how to combine them).
     */
    static RenderedManifests renderAllComponents() {
        return RENDERED.computeIfAbsent("every component", name -> renderOwn(name, """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [DEPLOY/base]
                components: [DEPLOY/components/git-sync, DEPLOY/components/multi-namespace, \
                DEPLOY/components/dev-postgres, DEPLOY/components/cleanup, DEPLOY/components/api-server]
                """));
    }

    /** Renders the overlay docs/deploy.md shows under "Your own overlay", its checkout being this one. */
    static RenderedManifests renderTheGuidesOwnOverlay() {
        return RENDERED.computeIfAbsent("docs/deploy.md's own overlay", name -> {
            try {
                String guide = Files.readString(DEPLOY.resolve("../../docs/deploy.md"));
                int start = guide.indexOf("# my-taskpod/kustomization.yaml");
                String kustomization = guide.substring(start, guide.indexOf("```", start));
                return renderOwn(name, kustomization.replace("../taskpod/deploy/kubernetes", "DEPLOY"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Renders a kustomization of the test's own, with {@code DEPLOY} for the manifests' folder, written under
     * {@code target} (kustomize follows relative paths only).
     */
    private static RenderedManifests renderOwn(String name, String kustomization) {
        Path dir = Path.of("target", "kustomize", name.replaceAll("[^A-Za-z0-9]+", "-")).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("kustomization.yaml"),
                    kustomization.replace("DEPLOY", dir.relativize(DEPLOY).toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return render(name, dir);
    }

    private static RenderedManifests render(String name, Path dir) {
        assumeThat(kubectlAvailable()).as("kubectl is not installed here: the deploy manifests are rendered with "
                + "`kubectl kustomize`, so these checks are skipped").isTrue();
        try {
            Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).start();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed: " + err);
            }
            List<Rendered> objects = new ArrayList<>();
            for (JsonNode tree : YAML.readerFor(JsonNode.class).<JsonNode>readValues(out).readAll()) {
                if (tree instanceof ObjectNode) {
                    objects.add(new Rendered(tree, SERIALIZATION.unmarshal(tree.toString())));
                }
            }
            return new RenderedManifests(name, objects);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean kubectlAvailable() {
        try {
            Process process = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String name() {
        return name;
    }

    List<Rendered> objects() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().map(Rendered::object).filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> kind, String namespace, String objectName) {
        return all(kind).stream().filter(object -> objectName.equals(object.getMetadata().getName())
                        && Objects.equals(namespace, object.getMetadata().getNamespace()))
                .findFirst().orElseThrow(() -> new AssertionError(name + " renders no " + kind.getSimpleName() + " "
                        + namespace + "/" + objectName));
    }

    StatefulSet scheduler() {
        return one(StatefulSet.class, NAMESPACE, SCHEDULER);
    }

    Container schedulerContainer() {
        return container(scheduler().getSpec().getTemplate().getSpec().getContainers(), "scheduler");
    }

    /** A file of the scheduler's ConfigMap ({@code taskpod.cfg}, {@code pod_template.yaml}). */
    String configFile(String key) {
        String text = one(ConfigMap.class, NAMESPACE, CONFIG_MAP).getData().get(key);
        if (text == null) {
            throw new AssertionError(name + ": ConfigMap " + CONFIG_MAP + " has no " + key);
        }
        return text;
    }

    static Container container(List<Container> containers, String containerName) {
        return containers.stream().filter(c -> c.getName().equals(containerName)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + containerName));
    }
}
