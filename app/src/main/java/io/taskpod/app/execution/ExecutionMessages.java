package io.taskpod.app.execution;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.port.TryOwner;
import java.time.Instant;

/**
 * The bodies of the execution API, version 1, as the server and the worker's client both read and write them
 * (snake_case JSON, instants as ISO-8601 text). Every request names its try; the server compares it with the token's.
 * A refusal is the API's usual {@code {"error": ...}}: 401 (no valid token), 403 (another try's token), 400 (a bad
 * body), 404 (no such task instance), 503 (the database is unreachable: try again).
 */
public final class ExecutionMessages {

    /** Under {@link ExecutionApiUrl#PATH}: the version of the paths below. */
    public static final String VERSION = "v1";
    public static final String TRY = VERSION + "/try";
    public static final String CLAIM = TRY + "/claim";
    public static final String HEARTBEAT = TRY + "/heartbeat";
    public static final String FINISH = TRY + "/finish";

    private ExecutionMessages() {}

    /** The JSON mapper of these bodies. */
    public static ObjectMapper json() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }

    /** One try of one task instance. */
    public record TryRef(String dagId, String taskId, String runId, int mapIndex, int tryNumber) {
        public static TryRef of(TaskInstanceKey key) {
            return new TryRef(key.dagId(), key.taskId(), key.runId(), key.mapIndex(), key.tryNumber());
        }

        public TaskInstanceKey key() {
            return new TaskInstanceKey(dagId, taskId, runId, tryNumber, mapIndex);
        }
    }

    /** The worker that claims a try ({@link TryOwner}). */
    public record Owner(String hostname, long pid, Instant claimedAt) {
        public static Owner of(TryOwner owner) {
            return new Owner(owner.hostname(), owner.pid(), owner.claimedAt());
        }

        public TryOwner tryOwner() {
            return new TryOwner(hostname, pid, claimedAt);
        }
    }

    /** {@code POST v1/try/claim}. */
    public record ClaimRequest(TryRef tryRef, int launchAttempt, Owner owner) {}

    /** The answer to a claim: {@code claimed} with {@code max_tries}, or the reason it was refused. */
    public record ClaimAnswer(boolean claimed, Integer maxTries, String reason) {}

    /** {@code POST v1/try/heartbeat}. */
    public record HeartbeatRequest(TryRef tryRef, Owner owner, Instant at) {}

    /**
     * The answer to a heartbeat or a final state: whether the try is still the owner's (else why not); a heartbeat's
     * answer carries the renewed token.
     */
    public record OwnershipAnswer(boolean owned, String reason, String token) {}

    /** {@code POST v1/try/finish}: the {@link io.taskpod.core.port.FinalState} and when the try ended. */
    public record FinishRequest(TryRef tryRef, Owner owner, String state, String failureReason, Instant nextRetryAt,
            String stateReason, Instant endedAt) {}

    /** {@code GET v1/try}: the token's task instance as the database has it, and the file of its DAG. */
    public record TryAnswer(String state, int tryNumber, int launchAttempt, String hostname, Long pid,
            Instant startedAt, int maxTries, String dagFileloc) {}
}
