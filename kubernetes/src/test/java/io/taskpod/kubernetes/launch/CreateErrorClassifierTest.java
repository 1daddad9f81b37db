package io.taskpod.kubernetes.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.netty.channel.ConnectTimeoutException;
import io.taskpod.kubernetes.api.KubernetesApiException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CreateErrorClassifierTest {

    private static final String POD = "etl-load-3vbyw43z00ot3";
    /** Appended to every summary, so that an expected summary ending in it must match to the end. */
    private static final String END = "|";

    private static KubernetesApiException http(int code, String reason, String message, String name, Integer retryAfter) {
        Status status = new StatusBuilder().withCode(code).withReason(reason).withMessage(message)
                .withNewDetails().withName(name).withRetryAfterSeconds(retryAfter).endDetails().build();
        return KubernetesApiException.from(new KubernetesClientException(status));
    }

    /** An error with Retry-After as a header ({@code header} seconds, or none) and in the body ({@code body}). */
    private static KubernetesApiException withHeader(int code, String reason, String message, Integer header,
            Integer body) {
        Status status = new StatusBuilder().withCode(code).withReason(reason).withMessage(message)
                .withNewDetails().withName(POD).withRetryAfterSeconds(body).endDetails().build();
        return KubernetesApiException.answered(message, status, Optional.ofNullable(header).map(Duration::ofSeconds));
    }

    private static KubernetesApiException io(Throwable cause) {
        return KubernetesApiException.from(new KubernetesClientException("Operation: [create] for kind: [Pod] with name: ["
                + POD + "] failed.", cause));
    }

    static Stream<Arguments> table() {
        return Stream.of(
                row("409 AlreadyExists for our pod", http(409, "AlreadyExists", "pods \"" + POD + "\" already exists", POD, null),
                        "AlreadyLaunched"),
                row("409 AlreadyExists without details", http(409, "AlreadyExists", "pods \"" + POD + "\" already exists", null, null),
                        "AlreadyLaunched"),
                row("409 AlreadyExists for another name", http(409, "AlreadyExists", "pods \"other\" already exists", "other", null),
                        "Fail: the API server rejected pod " + POD + " (409 AlreadyExists: pods \"other\" already exists)"),
                row("403 quota", http(403, "Forbidden", "pods \"x\" is forbidden: exceeded quota: compute, requested: cpu=2", POD, null),
                        "Retry: 403 Forbidden: pods \"x\" is forbidden: exceeded quota: compute, requested: cpu=2"),
                row("403 RBAC", http(403, "Forbidden", "pods is forbidden: User \"system:serviceaccount:x:y\" cannot create resource", POD, null),
                        "Fail: the API server rejected pod " + POD + " (403 Forbidden: pods is forbidden: User \"system:serviceaccount:x:y\" cannot create resource)"),
                row("409 quota conflict", http(409, "Conflict", "Operation cannot be fulfilled on resourcequotas \"compute\": the object has been modified; please apply your changes to the latest version and try again", POD, null),
                        "Retry: 409 Conflict: Operation cannot be fulfilled on resourcequotas \"compute\": the object has been modified; please apply your changes to the latest version and try again"),
                row("410 too old", http(410, "Expired", "too old resource version: 1 (2)", POD, null),
                        "Retry: 410 Expired: too old resource version: 1 (2)"),
                row("429 with Retry-After", http(429, "TooManyRequests", "Too many requests", POD, 7),
                        "Retry: 429 TooManyRequests: Too many requests, after PT7S, pause all"),
                row("429 without Retry-After", http(429, "TooManyRequests", "", POD, null),
                        "Retry: 429 TooManyRequests, pause all"),
                row("500 webhook", http(500, "InternalError", "Internal error occurred: failed calling webhook", POD, null),
                        "Retry: 500 InternalError: Internal error occurred: failed calling webhook"),
                row("503 shutting down", http(503, "ServiceUnavailable", "apiserver is shutting down", POD, 3),
                        "Retry: 503 ServiceUnavailable: apiserver is shutting down, after PT3S, pause all"),
                row("503 from a proxy: Retry-After as a header only", withHeader(503, "", "upstream unavailable", 10, null),
                        "Retry: 503: upstream unavailable, after PT10S, pause all"),
                row("429: the header asks for longer than the body", withHeader(429, "TooManyRequests", "", 5, 2),
                        "Retry: 429 TooManyRequests, after PT5S, pause all"),
                row("429: the body asks for longer than the header", withHeader(429, "TooManyRequests", "", 3, 9),
                        "Retry: 429 TooManyRequests, after PT9S, pause all"),
                row("503 asking for an hour is capped", withHeader(503, "", "maintenance", 3600, null),
                        "Retry: 503: maintenance, after PT1M, pause all"),
                row("501 not retried", http(501, "NotImplemented", "nope", POD, null),
                        "Fail: the API server rejected pod " + POD + " (501 NotImplemented: nope)"),
                row("422 invalid", http(422, "Invalid", "Pod \"" + POD + "\" is invalid: spec.containers[0].image: Required value", POD, null),
                        "Fail: the API server rejected pod " + POD + " (422 Invalid: Pod \"" + POD + "\" is invalid: spec.containers[0].image: Required value)"),
                row("400 bad request", http(400, "BadRequest", "bad", POD, null),
                        "Fail: the API server rejected pod " + POD + " (400 BadRequest: bad)"),
                row("connection refused", io(new ConnectException("Connection refused")),
                        "Retry: connection problem talking to the API server: ConnectException: Connection refused"
                                + ", unreachable"),
                row("connect timeout", io(new ConnectTimeoutException("connection timed out: /10.0.0.1:443")),
                        "Retry: connection problem talking to the API server: ConnectTimeoutException: connection timed"
                                + " out: /10.0.0.1:443, unreachable"),
                row("no route to host", io(new NoRouteToHostException("No route to host")),
                        "Retry: connection problem talking to the API server: NoRouteToHostException: No route to host"
                                + ", unreachable"),
                row("connection reset", io(new SocketException("Connection reset")),
                        budgeted("SocketException: Connection reset")),
                row("read timeout", io(new SocketTimeoutException("Read timed out")),
                        budgeted("SocketTimeoutException: Read timed out")),
                row("request timeout", io(new TimeoutException("The timeout period of 60000ms has been exceeded")),
                        budgeted("TimeoutException: The timeout period of 60000ms has been exceeded")),
                row("DNS failure", io(new UnknownHostException("api.cluster")), budgeted("unknown host: api.cluster")),
                row("bare IOException", new IOException("stream closed"), budgeted("IOException: stream closed")),
                row("TLS trust failure", io(new SSLHandshakeException("PKIX path building failed")),
                        "Fail: pod " + POD + " could not be created: SSLHandshakeException: PKIX path building failed"),
                row("a bug", new IllegalStateException("boom"),
                        "Fail: pod " + POD + " could not be created: IllegalStateException: boom"));
    }

    /** A retry within task_publish_max_retries: the create may have reached the API server. */
    private static String budgeted(String cause) {
        return "Retry: connection problem talking to the API server: " + cause + END;
    }

    private static Arguments row(String name, Throwable error, String expected) {
        return Arguments.of(name, error, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void classifies(String name, Throwable error, String expected) {
        String summary = summary(CreateErrorClassifier.classify(error, POD)) + END;
        assertThat(summary).startsWith(expected);
    }

    static String summary(CreateErrorDecision decision) {
        return switch (decision) {
            case CreateErrorDecision.AlreadyLaunched launched -> "AlreadyLaunched";
            case CreateErrorDecision.Retry retry -> "Retry: " + retry.reason()
                    + retry.retryAfter().map(after -> ", after " + after).orElse("")
                    + (retry.pauseAllCreates() ? ", pause all" : "") + (retry.unreachable() ? ", unreachable" : "");
            case CreateErrorDecision.Fail fail -> "Fail: " + fail.message();
        };
    }
}
