package io.taskpod.store.user;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a user may do: {@code viewer} reads; {@code op} also triggers, clears, marks, pauses, cancels and backfills;
 * {@code admin} also manages users. Each role has every right of the roles before it.
 */
public enum Role {
    VIEWER,
    OP,
    ADMIN;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this role has every right of {@code required}. */
    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    /** Parses a role name, case-insensitively; throws naming the accepted ones. */
    public static Role parse(String value) {
        for (Role role : values()) {
            if (role.dbValue().equalsIgnoreCase(value.strip())) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + value + "', expected one of "
                + Arrays.stream(values()).map(Role::dbValue).toList());
    }
}
