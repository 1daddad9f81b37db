package io.taskpod.store.user;

import java.time.Instant;

/** One user, as listed; its password hash is only in {@link StoredLogin}. */
public record UserRecord(String username, Role role, String createdBy, Instant createdAt) {}
