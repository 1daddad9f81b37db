package io.taskpod.store.user;

import java.time.Instant;

/** One user; the password hash stays in the store and never leaves {@link UserRepository#passwordHash}. */
public record UserRecord(String username, Role role, String createdBy, Instant createdAt) {}
