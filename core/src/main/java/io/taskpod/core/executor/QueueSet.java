package io.taskpod.core.executor;

import java.util.Objects;
import java.util.Set;

/** A set of queue names, possibly infinite: every queue, these queues, or every queue but these. */
public sealed interface QueueSet {

    boolean contains(String queue);

    static QueueSet all() {
        return new All();
    }

    static QueueSet of(Set<String> queues) {
        return new Only(queues);
    }

    static QueueSet allExcept(Set<String> queues) {
        return new AllExcept(queues);
    }

    /** Every queue. */
    record All() implements QueueSet {
        @Override
        public boolean contains(String queue) {
            return true;
        }
    }

    /** Exactly these queues. */
    record Only(Set<String> queues) implements QueueSet {
        public Only {
            queues = Set.copyOf(queues);
        }

        @Override
        public boolean contains(String queue) {
            return queues.contains(Objects.requireNonNull(queue, "queue"));
        }
    }

    /** Every queue except these. */
    record AllExcept(Set<String> queues) implements QueueSet {
        public AllExcept {
            queues = Set.copyOf(queues);
        }

        @Override
        public boolean contains(String queue) {
            return !queues.contains(Objects.requireNonNull(queue, "queue"));
        }
    }
}
