package io.taskpod.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a running {@link ApiServer} over real HTTP ({@link HttpClient}), as curl or Prometheus would. */
final class ApiClient implements AutoCloseable {

    private final URI address;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    ApiClient(ApiServer server) {
        this.address = server.address();
    }

    /** A {@code GET} of {@code path} (with its query), answered. */
    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(address.resolve(path)).GET());
    }

    /** A {@code POST} of {@code body} as {@code contentType}. */
    HttpResponse<String> post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(address.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    JsonNode json(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
