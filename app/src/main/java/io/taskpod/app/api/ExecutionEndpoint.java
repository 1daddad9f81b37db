package io.taskpod.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.taskpod.app.execution.ExecutionMessages;
import io.taskpod.app.execution.ExecutionMessages.ClaimAnswer;
import io.taskpod.app.execution.ExecutionMessages.ClaimRequest;
import io.taskpod.app.execution.ExecutionMessages.FinishRequest;
import io.taskpod.app.execution.ExecutionMessages.HeartbeatRequest;
import io.taskpod.app.execution.ExecutionMessages.OwnershipAnswer;
import io.taskpod.app.execution.ExecutionMessages.TryAnswer;
import io.taskpod.app.execution.ExecutionMessages.TryRef;
import io.taskpod.app.execution.TokenCheck;
import io.taskpod.app.execution.TryTokenClaims;
import io.taskpod.app.execution.TryTokens;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.core.port.ClaimResult;
import io.taskpod.core.port.FinalState;
import io.taskpod.core.port.OwnershipCheck;
import io.taskpod.store.worker.TryState;
import io.taskpod.store.worker.WorkerTaskStore;
import java.util.Objects;
import java.util.Optional;

/**
 * The execution API: what a pod's worker may do, and nothing else. Read its task instance, claim its try (the same
 * compare-and-set as the database path: a stale or revoked launch is refused), heartbeat (the answer renews its token)
 * and record the final state (a repeated identical finish is answered as the first). Every request carries the try's
 * bearer token ({@link TryTokens}); a missing, malformed, badly signed or expired token is 401, a token of another
 * try or launch 403, and nothing is read or written for either. Answers and errors never contain the token sent.
 */
final class ExecutionEndpoint {

    static final String BEARER = "Bearer ";

    private final WorkerTaskStore store;
    private final TryTokens tokens;
    private final ObjectMapper json = ExecutionMessages.json();

    ExecutionEndpoint(WorkerTaskStore store, TryTokens tokens) {
        this.store = Objects.requireNonNull(store, "store");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /** {@code GET v1/try}: the token's task instance. */
    void read(Context ctx) {
        TryTokenClaims claims = authenticate(ctx);
        TaskInstanceKey key = claims.key();
        TryState row = store.currentTry(key.id()).orElseThrow(() -> ApiError.notFound(null,
                "there is no task instance " + key.id() + " in the database"));
        answer(ctx, 200, new TryAnswer(row.state().dbValue(), row.tryNumber(), row.launchAttempt(),
                row.hostname().orElse(null), row.pid().orElse(null), row.startedAt().orElse(null), row.maxTries(),
                store.dagFileloc(key.dagId()).orElse(null)));
    }

    /** {@code POST v1/try/claim}. */
    void claim(Context ctx) {
        TryTokenClaims claims = authenticate(ctx);
        ClaimRequest request = body(ctx, ClaimRequest.class);
        TaskInstanceKey key = sameTry(claims, request.tryRef());
        if (request.launchAttempt() != claims.launchAttempt()) {
            throw ApiError.forbidden("this token is for launch " + claims.launchAttempt() + " of " + key + ", not launch "
                    + request.launchAttempt());
        }
        switch (store.claim(key, request.launchAttempt(), owner(request.owner()).tryOwner())) {
            case ClaimResult.Claimed claimed -> answer(ctx, 200, new ClaimAnswer(true, claimed.maxTries(), null));
            case ClaimResult.Refused refused -> answer(ctx, 409, new ClaimAnswer(false, null, refused.reason()));
        }
    }

    /** {@code POST v1/try/heartbeat}: the answer carries a renewed token. */
    void heartbeat(Context ctx) {
        TryTokenClaims claims = authenticate(ctx);
        HeartbeatRequest request = body(ctx, HeartbeatRequest.class);
        TaskInstanceKey key = sameTry(claims, request.tryRef());
        ownership(ctx, store.heartbeat(key, owner(request.owner()).tryOwner(), required(request.at(), "at")),
                Optional.of(tokens.renew(claims)));
    }

    /** {@code POST v1/try/finish}. */
    void finish(Context ctx) {
        TryTokenClaims claims = authenticate(ctx);
        FinishRequest request = body(ctx, FinishRequest.class);
        TaskInstanceKey key = sameTry(claims, request.tryRef());
        FinalState state;
        try {
            state = new FinalState(TaskState.fromDb(required(request.state(), "state")),
                    Optional.ofNullable(request.failureReason()), Optional.ofNullable(request.nextRetryAt()),
                    required(request.stateReason(), "state_reason"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("state", e.getMessage());
        }
        ownership(ctx, store.finish(key, owner(request.owner()).tryOwner(), state,
                required(request.endedAt(), "ended_at")), Optional.empty());
    }

    private void ownership(Context ctx, OwnershipCheck check, Optional<String> renewed) {
        switch (check) {
            case OwnershipCheck.Owned owned -> answer(ctx, 200, new OwnershipAnswer(true, null, renewed.orElse(null)));
            case OwnershipCheck.NotOwned notOwned -> answer(ctx, 409, new OwnershipAnswer(false, notOwned.reason(), null));
        }
    }

    private TryTokenClaims authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiError.unauthorized("no token: the execution API needs 'Authorization: Bearer <the try's token>'");
        }
        return switch (tokens.check(header.substring(BEARER.length()).strip())) {
            case TokenCheck.Valid valid -> valid.claims();
            case TokenCheck.Invalid invalid -> throw ApiError.unauthorized(invalid.reason());
        };
    }

    private static TaskInstanceKey sameTry(TryTokenClaims claims, TryRef requested) {
        TaskInstanceKey key = required(requested, "try_ref").key();
        if (!key.equals(claims.key())) {
            throw ApiError.forbidden("this token is for " + claims.key() + ", not " + key);
        }
        return key;
    }

    private static ExecutionMessages.Owner owner(ExecutionMessages.Owner owner) {
        required(owner, "owner");
        required(owner.hostname(), "owner.hostname");
        required(owner.claimedAt(), "owner.claimed_at");
        return owner;
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw ApiError.badRequest(field, field + " is required");
        }
        return value;
    }

    private <T> T body(Context ctx, Class<T> type) {
        try {
            return json.readValue(ctx.body(), type);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest(null, "the body is not a " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    private void answer(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the answer", e);
        }
    }
}
