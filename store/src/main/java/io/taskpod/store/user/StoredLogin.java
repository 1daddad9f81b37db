package io.taskpod.store.user;

/**
 * What checking a user's credentials needs: its role and the BCrypt hash of its password. Only the API's
 * authentication holds one, to check a password or to see that the password it checked is still the user's.
 */
public record StoredLogin(String username, Role role, String passwordHash) {}
