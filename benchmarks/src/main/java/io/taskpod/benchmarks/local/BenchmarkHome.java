package io.taskpod.benchmarks.local;

import io.taskpod.app.config.ConfigLoader;
import io.taskpod.core.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A fresh taskpod home for one benchmark run: {@code taskpod.cfg} (LocalExecutor, the chosen parallelism, no
 * example DAGs, any extra settings, everything else at its default), the DAG files, and, once started, the embedded database and the
 * task logs. Deleted on close unless kept.
 */
final class BenchmarkHome implements AutoCloseable {

    static final String SCHEDULER_ID = "benchmark";

    private final Path folder;
    private final boolean keep;

    private BenchmarkHome(Path folder, boolean keep) {
        this.folder = folder;
        this.keep = keep;
    }

    /**
     * @param settings extra configuration, {@code section.key} to value (they win over the benchmark's own)
     */
    static BenchmarkHome create(int tasks, int warmupTasks, int workerTasks, int parallelism, Map<String, String> settings,
            boolean keep) throws IOException {
        Path folder = Files.createTempDirectory("taskpod-benchmark-").toAbsolutePath();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("core.executor", "LocalExecutor");
        all.put("core.parallelism", Integer.toString(parallelism));
        all.put("core.load_examples", "False");
        all.put("scheduler.instance_id", SCHEDULER_ID);
        all.putAll(settings);
        Files.writeString(folder.resolve(ConfigLoader.CONFIG_FILE_NAME), configText(all));
        Path dags = Files.createDirectories(folder.resolve("dags"));
        Files.writeString(dags.resolve(NoopDags.DAG_ID + ".yaml"), NoopDags.yaml(NoopDags.DAG_ID, tasks));
        Files.writeString(dags.resolve(NoopDags.WARMUP_DAG_ID + ".yaml"), NoopDags.yaml(NoopDags.WARMUP_DAG_ID, warmupTasks));
        Files.writeString(dags.resolve(NoopDags.WORKER_DAG_ID + ".yaml"), NoopDags.yaml(NoopDags.WORKER_DAG_ID, workerTasks));
        return new BenchmarkHome(folder, keep);
    }

    /** The INI text of {@code section.key} settings, a section per distinct prefix. */
    static String configText(Map<String, String> settings) {
        Map<String, StringBuilder> sections = new TreeMap<>();
        settings.forEach((name, value) -> {
            int dot = name.indexOf('.');
            if (dot <= 0 || dot == name.length() - 1) {
                throw new IllegalArgumentException("a setting is section.key=value, got " + name);
            }
            sections.computeIfAbsent(name.substring(0, dot), section -> new StringBuilder())
                    .append(name.substring(dot + 1)).append(" = ").append(value).append('\n');
        });
        StringBuilder text = new StringBuilder();
        sections.forEach((section, lines) -> text.append('[').append(section).append("]\n").append(lines).append('\n'));
        return text.toString();
    }

    Path folder() {
        return folder;
    }

    Path configFile() {
        return folder.resolve(ConfigLoader.CONFIG_FILE_NAME);
    }

    /** The configuration as taskpod reads it, with this folder as {@code TASKPOD_HOME}. */
    Config config() {
        return ConfigLoader.load(Optional.of(configFile()), Map.of(ConfigLoader.HOME_ENV, folder.toString()));
    }

    @Override
    public void close() throws IOException {
        if (keep) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
