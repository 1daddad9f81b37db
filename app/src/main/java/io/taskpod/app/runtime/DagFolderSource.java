package io.taskpod.app.runtime;

import io.taskpod.app.dag.DagDefaults;
import io.taskpod.app.dag.DagFileLoader;
import io.taskpod.app.scheduler.DagSource;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.dag.DagBag;
import java.nio.file.Path;
import java.util.Map;

/** The DAGs of {@code [core] dags_folder}, plus the bundled examples when {@code [core] load_examples} is on. */
public final class DagFolderSource implements DagSource {

    private final DagFileLoader loader;
    private final Path dagsFolder;
    private final boolean includeExamples;

    public DagFolderSource(Config config) {
        this.loader = new DagFileLoader(DagDefaults.from(config));
        this.dagsFolder = Path.of(config.get(CoreConfigKeys.DAGS_FOLDER));
        this.includeExamples = config.get(CoreConfigKeys.LOAD_EXAMPLES);
    }

    public Path dagsFolder() {
        return dagsFolder;
    }

    @Override
    public DagBag load() {
        return loader.loadAll(dagsFolder, includeExamples, Map.of());
    }

    @Override
    public DagBag load(Map<String, String> knownFiles) {
        return loader.loadAll(dagsFolder, includeExamples, knownFiles);
    }
}
