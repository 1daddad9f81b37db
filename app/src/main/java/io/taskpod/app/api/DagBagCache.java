package io.taskpod.app.api;

import io.taskpod.app.scheduler.DagSource;
import io.taskpod.core.dag.DagBag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The DAGs of the DAGs folder as the API sees them: loaded on first use and again once older than
 * {@code [scheduler] dag_dir_list_interval}, so a new DAG file shows up (and can be triggered) as soon as a scheduler
 * would pick it up, without parsing the folder on every request. Thread-safe.
 */
final class DagBagCache {

    private final DagSource source;
    private final Supplier<Map<String, String>> knownFiles;
    private final Duration maxAge;
    private final Clock clock;
    private Optional<Loaded> loaded = Optional.empty();

    private record Loaded(DagBag bag, Instant at) {}

    /** @param knownFiles the file each stored DAG was first loaded from, so that a newcomer file cannot take it over */
    DagBagCache(DagSource source, Supplier<Map<String, String>> knownFiles, Duration maxAge, Clock clock) {
        this.source = source;
        this.knownFiles = knownFiles;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    synchronized DagBag current() {
        Instant now = clock.instant();
        if (loaded.isEmpty() || !now.isBefore(loaded.get().at().plus(maxAge))) {
            loaded = Optional.of(new Loaded(source.load(knownFiles.get()), now));
        }
        return loaded.get().bag();
    }
}
