package io.taskpod.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** PostgreSQL advisory lock keys taskpod uses, derived from names so that they never collide by accident. */
public final class AdvisoryLocks {

    /** The queueing critical section, shared by every scheduler on the database. */
    public static final long CRITICAL_SECTION = key("taskpod.scheduler.critical-section");
    /** The adoption pass over task instances of dead schedulers: one scheduler at a time. */
    public static final long ADOPTION = key("taskpod.scheduler.adoption");

    private AdvisoryLocks() {}

    /** The lock that keeps two live processes from using the same scheduler id. */
    public static long schedulerId(String schedulerId) {
        return key("taskpod.scheduler.id:" + schedulerId);
    }

    /** A stable 64-bit key for a name: the first 8 bytes of its SHA-256. */
    static long key(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                key = (key << 8) | (digest[i] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
