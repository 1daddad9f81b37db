package io.taskpod.app.scheduler;

import io.taskpod.core.dag.DagBag;
import io.taskpod.core.dag.DagLoadError;
import io.taskpod.store.dag.DagRecord;
import io.taskpod.store.dag.DagRepository;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the DAGs every {@code dag_dir_list_interval}: stores the parsed DAGs, marks those gone inactive (when it
 * sees the whole DAGs folder), and logs each load error once (file, line, field, reason) and when it is fixed. A failing load keeps the DAGs of the last
 * good one: the scheduler never stops because of a DAG file.
 */
final class DagBagRefresher {

    private static final Logger log = LoggerFactory.getLogger(DagBagRefresher.class);

    private final DagSource source;
    private final DagRepository dags;
    private final Clock clock;
    private final IntervalTimer timer;
    private final boolean deactivateMissing;
    private final boolean pausedAtCreation;
    private final Set<String> reportedErrors = new HashSet<>();
    private DagBag current = new DagBag(Map.of(), List.of());

    /** @param deactivateMissing whether DAGs the source does not return are marked inactive */
    DagBagRefresher(DagSource source, DagRepository dags, SchedulerSettings settings, Clock clock,
            boolean deactivateMissing) {
        this.source = source;
        this.deactivateMissing = deactivateMissing;
        this.dags = dags;
        this.clock = clock;
        this.timer = new IntervalTimer(settings.dagDirListInterval());
        this.pausedAtCreation = settings.dagsArePausedAtCreation();
    }

    DagBag current() {
        return current;
    }

    /** Reloads when the interval has passed; returns the DAGs in effect. */
    DagBag refreshIfDue() {
        if (!timer.fire(clock.instant())) {
            return current;
        }
        DagBag loaded;
        try {
            loaded = source.load(dags.list().stream().collect(Collectors.toMap(DagRecord::dagId, DagRecord::fileloc)));
        } catch (RuntimeException e) {
            log.error("Could not load the DAGs; keeping the {} loaded before: {}", current.dags().size(), e.toString());
            return current;
        }
        report(loaded.errors());
        dags.upsert(loaded.dags().values(), clock.instant(), pausedAtCreation);
        if (deactivateMissing) {
            List<String> gone = dags.deactivateAllExcept(loaded.dags().keySet());
            if (!gone.isEmpty()) {
                log.info("DAGs no longer found (marked inactive): {}", gone);
            }
        }
        current = loaded;
        return current;
    }

    private void report(List<DagLoadError> errors) {
        Set<String> now = new HashSet<>();
        for (DagLoadError error : errors) {
            String text = error.describe();
            now.add(text);
            if (reportedErrors.add(text)) {
                log.error("DAG file not loaded: {}", text);
            }
        }
        reportedErrors.removeIf(text -> {
            if (!now.contains(text)) {
                log.info("DAG load error resolved: {}", text);
                return true;
            }
            return false;
        });
    }
}
