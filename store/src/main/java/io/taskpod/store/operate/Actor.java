package io.taskpod.store.operate;

import java.util.Objects;

/**
 * Who asks for a manual change, as recorded in {@code updated_by}, the transition log and the audit log: a user of the
 * API ({@code alice}) or of the CLI ({@code alice (cli)}).
 */
public record Actor(String name) {

    public Actor {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an actor has a name");
        }
    }

    /** The operating-system user running a CLI command. */
    public static Actor cli(String osUser) {
        return new Actor(osUser + " (cli)");
    }

    @Override
    public String toString() {
        return name;
    }
}
