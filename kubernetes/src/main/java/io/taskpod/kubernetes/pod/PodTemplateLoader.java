package io.taskpod.kubernetes.pod;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads pod template files ({@code pod_template_file}, global or per task). A missing, unreadable or unparseable
 * file, or one that is not a Pod, is a problem naming the file; Airflow used an empty pod instead. A file is parsed
 * again only when its modification time or size changes, so edits apply to the next pod without a restart.
 */
public final class PodTemplateLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private record Parsed(Instant modified, long size, ObjectNode tree) {}

    private final Map<Path, Parsed> cache = new ConcurrentHashMap<>();

    /**
     * Airflow's {@code get_base_pod_from_template}: the template as a tree, checked like any pod layer; empty with
     * problems under {@code prefix} otherwise.
     */
    Optional<ObjectNode> load(Path file, String prefix, FieldProblems problems) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            problems.add(prefix, "cannot read the pod template file (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            problems.add(prefix, "not a regular file");
            return Optional.empty();
        }
        Instant modified = attributes.lastModifiedTime().toInstant();
        Parsed cached = cache.get(file);
        if (cached != null && cached.modified().equals(modified) && cached.size() == attributes.size()) {
            return Optional.of(cached.tree().deepCopy());
        }
        Optional<ObjectNode> tree = parse(file, prefix, problems);
        tree.ifPresent(t -> cache.put(file, new Parsed(modified, attributes.size(), t.deepCopy())));
        return tree;
    }

    private static Optional<ObjectNode> parse(Path file, String prefix, FieldProblems problems) {
        JsonNode node;
        try {
            node = YAML.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            problems.add(prefix, "not valid YAML: " + e.getOriginalMessage()
                    + Optional.ofNullable(e.getLocation()).map(l -> " (line " + l.getLineNr() + ")").orElse(""));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(prefix, "cannot read the pod template file (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
        if (node == null || !node.isObject()) {
            problems.add(prefix, "expected a Pod (a YAML mapping with kind: Pod), got " + PodTrees.describe(node));
            return Optional.empty();
        }
        JsonNode kind = node.get("kind");
        if (kind != null && !"Pod".equals(kind.asText())) {
            problems.add(prefix + ".kind", "expected Pod, got \"" + kind.asText() + "\"");
            return Optional.empty();
        }
        ObjectNode tree = (ObjectNode) node;
        FieldProblems layer = new FieldProblems();
        UnknownFields.check(tree, prefix, layer);
        PodTrees.toPod(tree, prefix, layer).ifPresent(pod -> PodValidator.checkLayer(pod, prefix, layer));
        if (!layer.isEmpty()) {
            problems.addAll(layer);
            return Optional.empty();
        }
        return Optional.of(tree);
    }
}
