package io.taskpod.kubernetes.executor;

import io.fabric8.kubernetes.api.model.Pod;
import io.taskpod.kubernetes.api.PodScope;
import io.taskpod.kubernetes.api.PodSnapshot;
import io.taskpod.kubernetes.launch.LaunchOutcome;
import io.taskpod.kubernetes.pod.InvalidPodIdentityException;
import io.taskpod.kubernetes.pod.PodIdentity;
import io.taskpod.kubernetes.status.PodEventType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Something the executor learned on another thread, applied on the scheduler thread in {@code sync()}. */
sealed interface Signal {

    /** The kind of signal, as the {@code signal} tag of {@code kubernetes_executor.signal_failures}. */
    default String kind() {
        return switch (this) {
            case WatchEvent event -> "watch_event";
            case Bookmark bookmark -> "bookmark";
            case Listed listed -> "list";
            case OwnPodsListed listed -> "own_pods_listed";
            case Launch launch -> "create_result";
            case WorkerPodsListed listed -> "worker_pods_listed";
            case Adopted adopted -> "adopted";
            case ListFailed failed -> "list_failed";
        };
    }

    /** What the signal is about, for the log: the task instance and its pod, the launch, or what was listed. */
    default String about() {
        return switch (this) {
            case WatchEvent event -> aboutPod(event.pod());
            case Bookmark bookmark -> "the watch of " + bookmark.scope();
            case Listed listed -> "the list of " + listed.snapshot().scope();
            case OwnPodsListed listed -> "this scheduler's pods";
            case Launch launch -> launch.outcome().launch().toString();
            case WorkerPodsListed listed -> "every scheduler's worker pods";
            case Adopted adopted -> aboutPod(adopted.pod());
            case ListFailed failed -> failed.what();
        };
    }

    private static String aboutPod(Pod pod) {
        String where = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        try {
            return PodIdentity.of(pod).key() + " (pod " + where + ")";
        } catch (InvalidPodIdentityException e) {
            return "pod " + where;
        }
    }

    /** A watch event: once applied, the watch of {@code scope} has been handed everything up to the pod's version. */
    record WatchEvent(PodScope scope, PodEventType type, Pod pod) implements Signal {
        public WatchEvent {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(pod, "pod");
        }
    }

    /** A watch bookmark. */
    record Bookmark(PodScope scope, String resourceVersion) implements Signal {
        public Bookmark {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(resourceVersion, "resourceVersion");
        }
    }

    /**
     * A list of this scheduler's active pods. {@code watchRelist}: the watcher listed again (start-up, 410) and
     * continues from the list's version, so the version counts as handed over once applied; a periodic list does not
     * move the watch's version.
     */
    record Listed(PodSnapshot snapshot, boolean watchRelist) implements Signal {
        public Listed {
            Objects.requireNonNull(snapshot, "snapshot");
        }
    }

    /**
     * This scheduler's active pods in every watched scope, from periodic lists that all succeeded and started at
     * {@code startedAt}: what {@link NotLaunchedCheck#notLaunched} decides with.
     */
    record OwnPodsListed(Instant startedAt, List<Pod> pods) implements Signal {
        public OwnPodsListed {
            Objects.requireNonNull(startedAt, "startedAt");
            pods = List.copyOf(pods);
        }
    }

    /** What a create that returned means for its launch, settled by the launcher. */
    record Launch(LaunchOutcome outcome) implements Signal {
        public Launch {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** Every not-done worker pod of every scheduler, for the completed-pod sweep. */
    record WorkerPodsListed(List<Pod> pods) implements Signal {
        public WorkerPodsListed {
            pods = List.copyOf(pods);
        }
    }

    /** A pod adopted by {@code tryAdoptTaskInstances}: classify it at the next sync, once the scheduler owns its try. */
    record Adopted(Pod pod) implements Signal {
        public Adopted {
            Objects.requireNonNull(pod, "pod");
        }
    }

    /** A list on a background thread failed; nothing to apply but a log line. */
    record ListFailed(String what, String error) implements Signal {
        public ListFailed {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(error, "error");
        }
    }
}
