package io.taskpod.testkit.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fabric8 watcher that records what it receives, for assertions. */
final class RecordingWatcher implements Watcher<Pod> {

    /** One received event: type, pod name and the resourceVersion it carried. */
    record Event(Action action, String name, String resourceVersion) {
        @Override
        public String toString() {
            return action + " " + name;
        }
    }

    final List<Event> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<WatcherException> closed = new CompletableFuture<>();
    private final boolean receiveBookmarks;

    RecordingWatcher() {
        this(false);
    }

    RecordingWatcher(boolean receiveBookmarks) {
        this.receiveBookmarks = receiveBookmarks;
    }

    @Override
    public void eventReceived(Action action, Pod pod) {
        events.add(new Event(action, pod.getMetadata().getName(), pod.getMetadata().getResourceVersion()));
    }

    @Override
    public boolean reconnecting() {
        return false;
    }

    @Override
    public void onClose(WatcherException cause) {
        closed.complete(cause);
    }

    @Override
    public void onClose() {
        closed.complete(null);
    }

    List<String> described() {
        return events.stream().map(Event::toString).toList();
    }

    boolean receivesBookmarks() {
        return receiveBookmarks;
    }
}
