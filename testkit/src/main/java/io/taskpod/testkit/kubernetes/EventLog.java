package io.taskpod.testkit.kubernetes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The history of changes that watches resume from, like etcd's revision history: bounded by a window (the
 * newest {@code window} events are kept) and by explicit compaction. A watch or continued list from a version
 * the log no longer covers gets 410 Gone. Not thread-safe: the {@link ObjectStore} guards it.
 */
final class EventLog {

    private final int window;
    private final Deque<StoredEvent> events = new ArrayDeque<>();
    private long compactedThrough;

    /** @param window the number of events kept; 0 keeps every event until {@link #compactBefore} */
    EventLog(int window) {
        this.window = window;
    }

    void append(StoredEvent event) {
        events.addLast(event);
        if (window > 0 && events.size() > window) {
            compactedThrough = events.removeFirst().version();
        }
    }

    /** Drops every event older than {@code version}: versions below {@code version - 1} become too old. */
    void compactBefore(long version) {
        while (!events.isEmpty() && events.peekFirst().version() < version) {
            events.removeFirst();
        }
        compactedThrough = Math.max(compactedThrough, version - 1);
    }

    /** Whether every change after {@code version} is still in the log. */
    boolean covers(long version) {
        return version >= compactedThrough;
    }

    /** The oldest version a watch can still resume from. */
    long oldestResumable() {
        return compactedThrough;
    }

    /** The events after {@code version}, oldest first. */
    List<StoredEvent> after(long version) {
        List<StoredEvent> result = new ArrayList<>();
        Iterator<StoredEvent> newestFirst = events.descendingIterator();
        while (newestFirst.hasNext()) {
            StoredEvent event = newestFirst.next();
            if (event.version() <= version) {
                break;
            }
            result.add(event);
        }
        return result.reversed();
    }
}
