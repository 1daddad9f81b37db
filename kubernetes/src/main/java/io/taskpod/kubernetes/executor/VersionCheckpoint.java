package io.taskpod.kubernetes.executor;

import io.taskpod.core.port.ResourceVersionStore;
import io.taskpod.kubernetes.api.PodScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists each watch's resourceVersion (design decision 2) so that a restart resumes where the scheduler left off
 * and loses nothing. A version is saved only once everything up to it has been handed to the scheduler: a sync
 * records the version of the last watch signal it applied ({@link #applied}); the next sync, first thing, saves what
 * the previous one applied ({@link #persistHandedOver}). In between the scheduler drained that sync's events and
 * applied them to the database (its loop applies executor events right after each heartbeat), so a crash at any
 * point restarts the watch from a version no newer than the first event the scheduler has not applied; at worst an
 * event is delivered twice, which the executor and the scheduler treat as a no-op. Saves are throttled to one per
 * {@link #INTERVAL} per scope; {@code end()} saves without waiting. Scheduler thread only.
 */
final class VersionCheckpoint {

    private static final Logger log = LoggerFactory.getLogger(VersionCheckpoint.class);

    static final Duration INTERVAL = Duration.ofSeconds(5);

    private final ResourceVersionStore store;
    private final String schedulerId;
    private final Clock clock;
    private final Map<String, String> applied = new HashMap<>();
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

    /** A watch signal of {@code scope} up to {@code resourceVersion} was applied in this sync. */
    void applied(PodScope scope, String resourceVersion) {
        if (resourceVersion != null && !resourceVersion.isBlank()) {
            applied.put(scope.key(), resourceVersion);
        }
    }

    /** End of a sync: what it applied is now in the scheduler's hands. */
    void syncEnded() {
        handedOver.putAll(applied);
    }

    /** Start of a sync: saves what earlier syncs handed over, at most once per interval unless {@code now}. */
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
