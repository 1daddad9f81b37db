package io.taskpod.store.user;

import java.time.Instant;

/** A live login session: whose it is, with the user's role now, and the CSRF token the page must send back. */
public record SessionRecord(String username, Role role, String csrfToken, Instant expiresAt) {}
