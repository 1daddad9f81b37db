package io.taskpod.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.taskpod.core.config.TaskpodVersion;
import io.taskpod.kubernetes.pod.PodBuildResult.Built;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files for pod building: each folder under {@code src/test/resources/golden} holds the inputs
 * ({@code template.yaml} as the global pod_template_file, {@code executor_config.yaml}, {@code settings.cfg} lines
 * {@code key = value} of [kubernetes_executor]) and {@code expected.yaml}, the pod as it would be created, with
 * {@code {CASE}} for the case's folder and {@code {VERSION}} for this build's version in image tags. Run with
 * {@code -Dtaskpod.golden.update=true} to rewrite the expected files, then review the diff.
 */
class PodFactoryGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            return dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void buildsTheExpectedPod(String name) throws IOException {
        Path dir = GOLDEN.resolve(name).toAbsolutePath();
        Map<String, String> settings = new LinkedHashMap<>();
        if (Files.exists(dir.resolve("template.yaml"))) {
            settings.put("pod_template_file", dir.resolve("template.yaml").toString());
        }
        if (Files.exists(dir.resolve("settings.cfg"))) {
            for (String line : Files.readAllLines(dir.resolve("settings.cfg"))) {
                if (line.contains("=")) {
                    settings.put(line.substring(0, line.indexOf('=')).trim(), line.substring(line.indexOf('=') + 1).trim());
                }
            }
        }
        Map<String, Object> executorConfig = Map.of();
        if (Files.exists(dir.resolve("executor_config.yaml"))) {
            String text = Files.readString(dir.resolve("executor_config.yaml")).replace("{CASE}", dir.toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = YAML.readValue(text, Map.class);
            executorConfig = parsed;
        }
        PodBuildResult result = PodFixtures.factory(settings).build(PodFixtures.task(executorConfig));
        assertThat(result).as(result.toString()).isInstanceOf(Built.class);
        String actual = PodYaml.toYaml(((Built) result).pod()).replace(dir.toString(), "{CASE}")
                .replace(":" + TaskpodVersion.current() + "\"", ":{VERSION}\"");
        Path expected = dir.resolve("expected.yaml");
        if (Boolean.getBoolean("taskpod.golden.update")) {
            Files.writeString(expected, actual);
        }
        assertThat(expected).as("golden file; create it with -Dtaskpod.golden.update=true and review it").exists();
        assertThat(actual).isEqualTo(Files.readString(expected));
    }
}
