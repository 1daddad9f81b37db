package io.taskpod.kubernetes.executor;

import io.taskpod.core.port.ResourceVersionStore;
import io.taskpod.kubernetes.api.PodScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists each watch's resourceVersion (design decision 2) so that a restart resumes where the scheduler left off
 * and loses nothing. A version is saved only once everything up to it is stored in the database, by the executor
 * contract's explicit handover: a sync records the version of the last watch signal it applied ({@link #applied});
 * when the scheduler drains the events (the applied signals' outcomes among them) that version is {@link #drained};
 * when the scheduler says the drained events are stored ({@code Executor.eventsStored}) it is {@link #stored}; the
 * next sync, first thing, saves it ({@link #persistHandedOver}). A crash at any point therefore restarts the watch
 * from a version no newer than the first event the database does not have; at worst an event is delivered twice,
 * which the executor and the scheduler treat as a no-op. Saves are throttled to one per {@link #INTERVAL} per scope;
 * {@code end()} saves without waiting. Scheduler thread only.
 */
final class VersionCheckpoint {

    private static final Logger log = LoggerFactory.getLogger(VersionCheckpoint.class);

    static final Duration INTERVAL = Duration.ofSeconds(5);

    private final ResourceVersionStore store;
    private final String schedulerId;
    private final Clock clock;
    private final Map<String, String> applied = new HashMap<>();
    private final Map<String, String> drained = new HashMap<>();
    private final Map<String, String> handedOver = new HashMap<>();
    private final Map<String, String> saved = new HashMap<>();
    private Instant nextSave = Instant.MIN;

    VersionCheckpoint(ResourceVersionStore store, String schedulerId, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.schedulerId = Objects.requireNonNull(schedulerId, "schedulerId");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The stored version of a scope, read at start. */
    Optional<String> stored(PodScope scope) {
        Optional<String> version = store.load(schedulerId, scope.key()).filter(v -> !v.isBlank());
        version.ifPresent(v -> saved.put(scope.key(), v));
        return version;
    }

    /** {@link #stored} of every scope, in order. */
    Map<PodScope, Optional<String>> storedVersions(List<PodScope> scopes) {
        Map<PodScope, Optional<String>> versions = new LinkedHashMap<>();
        scopes.forEach(scope -> versions.put(scope, stored(scope)));
        return versions;
    }

    /** A watch signal of {@code scope} up to {@code resourceVersion} was applied in this sync. */
    void applied(PodScope scope, String resourceVersion) {
        if (resourceVersion != null && !resourceVersion.isBlank()) {
            applied.put(scope.key(), resourceVersion);
        }
    }

    /** The scheduler drained the executor's events: what was applied so far has its outcomes among them. */
    void drained() {
        drained.putAll(applied);
    }

    /** The scheduler stored the events it drained: their versions are handed over. */
    void stored() {
        handedOver.putAll(drained);
    }

    /** Start of a sync: saves what was handed over, at most once per interval unless {@code now}. */
    void persistHandedOver(boolean now) {
        Instant time = clock.instant();
        if (!now && time.isBefore(nextSave)) {
            return;
        }
        boolean savedAny = false;
        for (Map.Entry<String, String> entry : handedOver.entrySet()) {
            if (!entry.getValue().equals(saved.get(entry.getKey()))) {
                store.save(schedulerId, entry.getKey(), entry.getValue());
                saved.put(entry.getKey(), entry.getValue());
                savedAny = true;
                log.debug("Saved resourceVersion {} of {} for scheduler {}", entry.getValue(), entry.getKey(), schedulerId);
            }
        }
        if (savedAny) {
            nextSave = time.plus(INTERVAL);
        }
    }
}
