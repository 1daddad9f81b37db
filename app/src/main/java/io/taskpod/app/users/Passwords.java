package io.taskpod.app.users;

import java.security.SecureRandom;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Password hashes (BCrypt, spring-security-crypto) and generated passwords. */
public final class Passwords {

    /** Shortest password accepted. */
    public static final int MIN_LENGTH = 8;
    /** BCrypt reads at most 72 bytes of a password; a longer one would be cut silently. */
    public static final int MAX_BYTES = 72;

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BCryptPasswordEncoder encoder;

    /** @param strength BCrypt's log2 cost; 10 (its default) takes about 0.1 s per hash */
    public Passwords(int strength) {
        this.encoder = new BCryptPasswordEncoder(strength, RANDOM);
    }

    public Passwords() {
        this(10);
    }

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }

    /** A random password of 20 letters and digits (about 116 bits). */
    public static String generate() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
