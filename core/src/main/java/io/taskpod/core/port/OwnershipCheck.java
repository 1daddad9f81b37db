package io.taskpod.core.port;

import java.util.Objects;

/** Whether a try still belongs to the worker that claimed it, as seen by a heartbeat or a final write. */
public sealed interface OwnershipCheck {

    /** The write landed: the row is still this worker's running try. */
    record Owned() implements OwnershipCheck {}

    /** The row changed behind the worker's back (state set externally, try reset or taken); nothing was written. */
    record NotOwned(String reason) implements OwnershipCheck {
        public NotOwned {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static OwnershipCheck owned() {
        return new Owned();
    }
}
