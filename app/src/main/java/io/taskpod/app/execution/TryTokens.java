package io.taskpod.app.execution;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.port.TryTokenIssuer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Mints and checks the execution API's per-try tokens: HS256 JWTs whose claims name one launch of one try (dag, task,
 * run, map index, try number, launch attempt) and expire {@code [api] execution_api_jwt_expiration_time} after they
 * are minted or renewed; a pod's launch token ({@link #forLaunches}) also covers the longest time its pod may stay
 * Pending. The signing key is {@code [api] execution_api_jwt_secret}; tokens signed with
 * {@code [api] execution_api_jwt_previous_secret} are still accepted, so the key can be rotated without failing the
 * tries in flight. With no secret configured, the key is random and lives as long as this process.
 */
public final class TryTokens implements TryTokenIssuer {

    static final String AUDIENCE = "taskpod-execution-api";
    private static final String DAG_ID = "dag_id";
    private static final String TASK_ID = "task_id";
    private static final String RUN_ID = "run_id";
    private static final String MAP_INDEX = "map_index";
    private static final String TRY_NUMBER = "try_number";
    private static final String LAUNCH_ATTEMPT = "launch_attempt";

    /** The key of a process without a configured secret: one per JVM, so its scheduler and API agree. */
    private static final byte[] PROCESS_KEY = randomKey();

    private final byte[] signingKey;
    private final List<byte[]> acceptedKeys;
    private final Duration lifetime;
    private final Clock clock;

    TryTokens(byte[] signingKey, Optional<byte[]> previousKey, Duration lifetime, Clock clock) {
        this.signingKey = signingKey.clone();
        List<byte[]> accepted = new ArrayList<>(List.of(this.signingKey));
        previousKey.ifPresent(accepted::add);
        this.acceptedKeys = List.copyOf(accepted);
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The tokens of this configuration. */
    public static TryTokens from(Config config, Clock clock) {
        String secret = config.find(CoreConfigKeys.EXECUTION_API_JWT_SECRET).orElse("");
        String previous = config.find(CoreConfigKeys.EXECUTION_API_JWT_PREVIOUS_SECRET).orElse("");
        return new TryTokens(secret.isEmpty() ? PROCESS_KEY : keyOf(secret),
                previous.isEmpty() ? Optional.empty() : Optional.of(keyOf(previous)),
                config.get(CoreConfigKeys.EXECUTION_API_JWT_EXPIRATION_TIME), clock);
    }

    @Override
    public String issue(TaskInstanceKey key, int launchAttempt) {
        return mint(key, launchAttempt, lifetime);
    }

    /**
     * The issuer of the tokens pods start with: they last {@code longestPending} longer than renewed ones, because a
     * pod may stay Pending that long (the KubernetesExecutor's {@code worker_pods_pending_timeout}) before its worker
     * starts and claims. A heartbeat's renewal ({@link #renew}) has the normal lifetime.
     */
    public TryTokenIssuer forLaunches(Duration longestPending) {
        Duration launchLifetime = lifetime.plus(longestPending);
        return (key, launchAttempt) -> mint(key, launchAttempt, launchLifetime);
    }

    private String mint(TaskInstanceKey key, int launchAttempt, Duration validFor) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .audience(AUDIENCE)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(validFor)))
                .claim(DAG_ID, key.dagId())
                .claim(TASK_ID, key.taskId())
                .claim(RUN_ID, key.runId())
                .claim(MAP_INDEX, key.mapIndex())
                .claim(TRY_NUMBER, key.tryNumber())
                .claim(LAUNCH_ATTEMPT, launchAttempt)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** A token like the checked one with a new expiry: what a heartbeat's answer carries. */
    public String renew(TryTokenClaims claims) {
        return issue(claims.key(), claims.launchAttempt());
    }

    /** Checks a presented token; the reason of a refusal never quotes the token. */
    public TokenCheck check(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return new TokenCheck.Invalid("the token is not a signed JWT");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            return new TokenCheck.Invalid("the token is not signed with HS256");
        }
        if (!verifiesWithAnyKey(jwt)) {
            return new TokenCheck.Invalid("the token's signature does not verify with [api] execution_api_jwt_secret "
                    + "(nor the previous secret): it was minted with another key");
        }
        try {
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (claims.getAudience() == null || !claims.getAudience().contains(AUDIENCE)) {
                return new TokenCheck.Invalid("the token is not for the execution API");
            }
            Date expires = claims.getExpirationTime();
            if (expires == null) {
                return new TokenCheck.Invalid("the token has no expiry");
            }
            Instant expiresAt = expires.toInstant();
            if (!clock.instant().isBefore(expiresAt)) {
                return new TokenCheck.Invalid("the token expired at " + expiresAt + " (a token lasts "
                        + CoreConfigKeys.EXECUTION_API_JWT_EXPIRATION_TIME.qualifiedName() + " from its minting or "
                        + "its last heartbeat's renewal; a pod's first token lasts [kubernetes_executor] "
                        + "worker_pods_pending_timeout longer)");
            }
            TaskInstanceKey key = new TaskInstanceKey(text(claims, DAG_ID), text(claims, TASK_ID), text(claims, RUN_ID),
                    number(claims, TRY_NUMBER), number(claims, MAP_INDEX));
            return new TokenCheck.Valid(new TryTokenClaims(key, number(claims, LAUNCH_ATTEMPT), expiresAt));
        } catch (ParseException | RuntimeException e) {
            return new TokenCheck.Invalid("the token's claims do not name a try: " + e.getMessage());
        }
    }

    private boolean verifiesWithAnyKey(SignedJWT jwt) {
        for (byte[] key : acceptedKeys) {
            try {
                if (jwt.verify(new MACVerifier(key))) {
                    return true;
                }
            } catch (JOSEException e) {
                return false;
            }
        }
        return false;
    }

    private static String text(JWTClaimsSet claims, String name) throws ParseException {
        return Objects.requireNonNull(claims.getStringClaim(name), "no " + name);
    }

    private static int number(JWTClaimsSet claims, String name) throws ParseException {
        return Objects.requireNonNull(claims.getIntegerClaim(name), "no " + name);
    }

    /** A 256-bit HMAC key from a secret of any length (its SHA-256). */
    static byte[] keyOf(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
