package io.taskpod.app.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskpod.app.execution.ExecutionMessages;
import io.taskpod.app.execution.ExecutionMessages.ClaimAnswer;
import io.taskpod.app.execution.ExecutionMessages.ClaimRequest;
import io.taskpod.app.execution.ExecutionMessages.FinishRequest;
import io.taskpod.app.execution.ExecutionMessages.HeartbeatRequest;
import io.taskpod.app.execution.ExecutionMessages.Owner;
import io.taskpod.app.execution.ExecutionMessages.OwnershipAnswer;
import io.taskpod.app.execution.ExecutionMessages.TryAnswer;
import io.taskpod.app.execution.ExecutionMessages.TryRef;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import io.taskpod.core.port.ClaimResult;
import io.taskpod.core.port.FinalState;
import io.taskpod.core.port.OwnershipCheck;
import io.taskpod.core.port.TryOwner;
import io.taskpod.store.worker.StoreUnavailableException;
import io.taskpod.store.worker.TryState;
import io.taskpod.store.worker.WorkerStoreException;
import io.taskpod.store.worker.WorkerTryStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A pod worker's {@link WorkerTryStore}: the execution API over HTTP, with the try's token (renewed by every
 * heartbeat's answer). Reads, the claim and the final state are retried with backoff while the API cannot be reached
 * or answers 502/503/504 (the database behind it is down), for {@code [scheduler] worker_state_write_timeout}; a retried
 * final state that had landed is answered as the first. A heartbeat is tried once (the next one is its retry). A token
 * the API refuses (401, 403) is not retried: a heartbeat then reports the try as no longer this worker's, a final state
 * as unrecordable, anything else as a {@link WorkerError}. The token never appears in an exception or a log line.
 */
public final class ExecutionApiTryStore implements WorkerTryStore {

    /** How long one request may take; the server retries a database outage for less than this. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
    private static final Set<Integer> RETRIED_STATUSES = Set.of(502, 503, 504);

    private final URI apiUrl;
    private final AtomicReference<String> token;
    private final Duration retryFor;
    private final Clock clock;
    private final ObjectMapper json = ExecutionMessages.json();
    /** The last read of the token's task instance; null before the first. */
    private final AtomicReference<Optional<TryAnswer>> lastRead = new AtomicReference<>();

    /**
     * @param apiUrl {@code [core] execution_api_server_url}, ending in {@code /}
     * @param retryFor how long reads, claim and final state are retried while the API is unreachable
     */
    public ExecutionApiTryStore(URI apiUrl, String token, Duration retryFor, Clock clock) {
        this.apiUrl = Objects.requireNonNull(apiUrl, "apiUrl");
        this.token = new AtomicReference<>(Objects.requireNonNull(token, "token"));
        this.retryFor = Objects.requireNonNull(retryFor, "retryFor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<TryState> currentTry(TaskInstanceId id) {
        Optional<TryAnswer> read = read("read task instance " + id);
        lastRead.set(read);
        return read.map(row -> new TryState(TaskState.fromDb(row.state()), row.tryNumber(), row.launchAttempt(),
                Optional.ofNullable(row.hostname()), Optional.ofNullable(row.pid()),
                Optional.ofNullable(row.startedAt()), row.maxTries()));
    }

    /** The DAG's file from the task instance just read ({@link #currentTry}), which the same answer carried. */
    @Override
    public Optional<String> dagFileloc(String dagId) {
        Optional<TryAnswer> read = lastRead.get();
        if (read == null) {
            read = read("look up the file of DAG " + dagId);
        }
        return read.map(TryAnswer::dagFileloc);
    }

    private Optional<TryAnswer> read(String what) {
        Answer answer = retried(what, () -> get(ExecutionMessages.TRY));
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(expect(answer, 200, TryAnswer.class, what));
    }

    @Override
    public ClaimResult claim(TaskInstanceKey key, int launchAttempt, TryOwner owner) {
        String what = "claim " + key;
        Answer answer = retried(what, () -> post(ExecutionMessages.CLAIM,
                new ClaimRequest(TryRef.of(key), launchAttempt, Owner.of(owner))));
        if (answer.status() == 409) {
            return new ClaimResult.Refused(read(answer, ClaimAnswer.class, what).reason());
        }
        return new ClaimResult.Claimed(owner, expect(answer, 200, ClaimAnswer.class, what).maxTries());
    }

    @Override
    public OwnershipCheck heartbeat(TaskInstanceKey key, TryOwner owner, Instant now) {
        String what = "heartbeat " + key;
        Answer answer;
        try {
            answer = post(ExecutionMessages.HEARTBEAT, new HeartbeatRequest(TryRef.of(key), Owner.of(owner), now));
        } catch (IOException e) {
            throw new WorkerStoreException("could not " + what + ": the execution API at " + apiUrl
                    + " is unreachable: " + describe(e), e);
        }
        if (answer.status() == 401 || answer.status() == 403) {
            return new OwnershipCheck.NotOwned("the execution API no longer accepts this worker's token: "
                    + error(answer));
        }
        if (RETRIED_STATUSES.contains(answer.status())) {
            throw new WorkerStoreException("could not " + what + ": the execution API answered " + answer.status()
                    + ": " + error(answer), null);
        }
        OwnershipAnswer ownership = answer.status() == 409 ? read(answer, OwnershipAnswer.class, what)
                : expect(answer, 200, OwnershipAnswer.class, what);
        if (!ownership.owned()) {
            return new OwnershipCheck.NotOwned(ownership.reason());
        }
        if (ownership.token() != null) {
            token.set(ownership.token());
        }
        return OwnershipCheck.owned();
    }

    @Override
    public OwnershipCheck finish(TaskInstanceKey key, TryOwner owner, FinalState finalState, Instant endedAt) {
        String what = "record " + finalState.state().dbValue() + " for " + key;
        FinishRequest request = new FinishRequest(TryRef.of(key), Owner.of(owner), finalState.state().dbValue(),
                finalState.failureReason().orElse(null), finalState.nextRetryAt().orElse(null), finalState.stateReason(),
                endedAt);
        Answer answer = retried(what, () -> post(ExecutionMessages.FINISH, request));
        if (answer.status() == 401 || answer.status() == 403) {
            throw new StoreUnavailableException("could not " + what + ": the execution API refused this worker's "
                    + "token: " + error(answer), null);
        }
        OwnershipAnswer ownership = answer.status() == 409 ? read(answer, OwnershipAnswer.class, what)
                : expect(answer, 200, OwnershipAnswer.class, what);
        return ownership.owned() ? OwnershipCheck.owned() : new OwnershipCheck.NotOwned(ownership.reason());
    }

    /** One HTTP exchange that may fail to connect. */
    @FunctionalInterface
    private interface Exchange {
        Answer send() throws IOException;
    }

    private record Answer(int status, String body) {}

    /**
     * Sends until an answer that is not a retried status comes, backing off from {@link #FIRST_BACKOFF} to
     * {@link #MAX_BACKOFF}, for {@link #retryFor}; then {@link StoreUnavailableException}.
     */
    private Answer retried(String what, Exchange exchange) {
        Instant deadline = clock.instant().plus(retryFor);
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            String failure;
            IOException cause = null;
            try {
                Answer answer = exchange.send();
                if (!RETRIED_STATUSES.contains(answer.status())) {
                    return answer;
                }
                failure = "answered " + answer.status() + ": " + error(answer);
            } catch (IOException e) {
                cause = e;
                failure = "is unreachable: " + describe(e);
            }
            if (!clock.instant().plus(backoff).isBefore(deadline)) {
                throw new StoreUnavailableException("could not " + what + ": the execution API at " + apiUrl + " "
                        + failure + " (retried for " + retryFor.toSeconds() + " s, [scheduler] worker_state_write_timeout)",
                        cause);
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted while retrying to " + what, e);
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /**
     * One request with {@link HttpURLConnection}: a worker JVM makes a handful, and the JDK's {@code HttpClient} would
     * cost it more CPU to start (its SSL context and selector thread) than all of them together.
     */
    private Answer send(String method, String path, Optional<Object> body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) apiUrl.resolve(path).toURL().openConnection();
        try {
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) REQUEST_TIMEOUT.toMillis());
            connection.setRequestMethod(method);
            connection.setRequestProperty("Authorization", "Bearer " + token.get());
            connection.setRequestProperty("Accept", "application/json");
            if (body.isPresent()) {
                byte[] bytes = json.writeValueAsBytes(body.get());
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                connection.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = connection.getResponseCode();
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            connection.disconnect();
        }
    }

    private Answer get(String path) throws IOException {
        return send("GET", path, Optional.empty());
    }

    private Answer post(String path, Object body) throws IOException {
        return send("POST", path, Optional.of(body));
    }

    private <T> T expect(Answer answer, int status, Class<T> type, String what) {
        if (answer.status() != status) {
            throw new WorkerError("could not " + what + ": the execution API at " + apiUrl + " answered "
                    + answer.status() + ": " + error(answer));
        }
        return read(answer, type, what);
    }

    private <T> T read(Answer answer, Class<T> type, String what) {
        try {
            return json.readValue(answer.body(), type);
        } catch (JsonProcessingException e) {
            throw new WorkerError("could not " + what + ": the execution API at " + apiUrl + " answered "
                    + answer.status() + " with a body that is not a " + type.getSimpleName() + ": "
                    + e.getOriginalMessage());
        }
    }

    /** The {@code error} of an error answer, else the start of the body. */
    private String error(Answer answer) {
        try {
            JsonNode node = json.readTree(answer.body());
            if (node != null && node.hasNonNull("error")) {
                return node.get("error").asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: a proxy's page; quoted below
        }
        String body = answer.body() == null ? "" : answer.body().strip();
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                + e.getMessage();
    }
}
