package io.taskpod.kubernetes.launch;

import io.taskpod.kubernetes.api.KubernetesApiException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;

/**
 * Classifies a failed pod create (design decision 5, reference §5.5). By the time an error gets here fabric8 has
 * already retried connection errors, 429 and 5xx on its own ({@code api_client_retry_configuration}); this decides
 * what the executor does next:
 * <ul>
 *   <li>409 AlreadyExists for the pod we tried to create → already launched (names are deterministic, so a create
 *       retried after a lost response finds its own pod);
 *   <li>403 "exceeded quota", 409 "object has been modified" (quota update conflicts), 410 "too old resource
 *       version" → retry;
 *   <li>429 → retry and pause every create for the server's Retry-After; 500, 502, 503, 504 → retry (and pause
 *       when the server sent a Retry-After);
 *   <li>no connection at all (refused, no route to host, connect timeout) → retry as unreachable, not counted
 *       towards {@code task_publish_max_retries}: the create never reached the API server;
 *   <li>other connection problems (read timeout, connection reset or closed, a DNS failure, which is more often a
 *       configuration error than an outage) → retry within {@code task_publish_max_retries}: the server may have
 *       processed the create, and a retry that finds the pod (409 AlreadyExists) counts it as launched;
 *   <li>a TLS failure is not transient → fail;
 *   <li>any other status (400, 401, 403 without quota, 404, 422, …) → fail at once with the API server's message.
 * </ul>
 * Retry-After is read from both the Status body's {@code details.retryAfterSeconds} (the API server fills it in
 * alongside the header) and the {@code Retry-After} header ({@link KubernetesApiException}: a proxy's 429 or 503 has
 * only the header); the larger wins, capped at {@link #MAX_RETRY_AFTER} so that a proxy asking for an hour does not
 * hold every create for an hour.
 */
public final class CreateErrorClassifier {

    /** The longest Retry-After honoured: as long as a create retry waits at most ({@link PublishRetryPolicy#MAX_DELAY}). */
    public static final Duration MAX_RETRY_AFTER = PublishRetryPolicy.MAX_DELAY;

    private static final Set<Integer> SERVER_ERRORS = Set.of(500, 502, 503, 504);

    private CreateErrorClassifier() {}

    public static CreateErrorDecision classify(Throwable error, String podName) {
        if (error instanceof KubernetesApiException api && api.code() > 0) {
            return classifyHttp(api, podName);
        }
        Optional<Throwable> transientCause = transientCause(error);
        if (transientCause.isPresent()) {
            String reason = "connection problem talking to the API server: " + describe(transientCause.get());
            return connectCause(error).isPresent() ? CreateErrorDecision.Retry.unreachable(reason)
                    : new CreateErrorDecision.Retry(reason, Optional.empty(), false);
        }
        return new CreateErrorDecision.Fail("pod " + podName + " could not be created: " + describe(rootCause(error)));
    }

    private static CreateErrorDecision classifyHttp(KubernetesApiException api, String podName) {
        int code = api.code();
        String reason = api.reason();
        String message = api.apiMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        Optional<Duration> retryAfter = retryAfter(api);
        String summary = code + (reason.isEmpty() ? "" : " " + reason) + (message.isBlank() ? "" : ": " + message);
        if (code == 409 && (reason.equals("AlreadyExists") || lower.contains("already exists"))) {
            Optional<String> name = api.detailsName();
            if (name.isEmpty() || name.get().equals(podName)) {
                return new CreateErrorDecision.AlreadyLaunched(podName);
            }
        }
        if ((code == 403 && lower.contains("exceeded quota"))
                || (code == 409 && lower.contains("the object has been modified"))
                || (code == 410 && lower.contains("too old resource version"))) {
            return new CreateErrorDecision.Retry(summary, retryAfter, retryAfter.isPresent());
        }
        if (code == 429) {
            return new CreateErrorDecision.Retry(summary, retryAfter, true);
        }
        if (SERVER_ERRORS.contains(code)) {
            return new CreateErrorDecision.Retry(summary, retryAfter, retryAfter.isPresent());
        }
        return new CreateErrorDecision.Fail("the API server rejected pod " + podName + " (" + summary + ")");
    }

    /** The larger of the header's and the body's Retry-After, capped at {@link #MAX_RETRY_AFTER}. */
    private static Optional<Duration> retryAfter(KubernetesApiException api) {
        return Stream.of(api.retryAfterInStatus(), api.retryAfterHeader()).flatMap(Optional::stream).max(Comparator.naturalOrder())
                .map(wait -> wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
    }

    private static Optional<Throwable> transientCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return Optional.empty();
            }
            if (t instanceof IOException || t instanceof TimeoutException || isVertxConnectionClosed(t)) {
                return Optional.of(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /**
     * The failure to open a connection in the cause chain (Netty's connect timeout is a {@link ConnectException}),
     * if that is what happened: the request was never sent.
     */
    private static Optional<Throwable> connectCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return Optional.of(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    private static boolean isVertxConnectionClosed(Throwable t) {
        return t.getClass().getName().equals("io.vertx.core.http.HttpClosedException");
    }

    private static Throwable rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String describe(Throwable t) {
        String kind = t instanceof UnknownHostException ? "unknown host" : t.getClass().getSimpleName();
        return t.getMessage() == null ? kind : kind + ": " + t.getMessage();
    }
}
