package io.taskpod.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers what Jetty refuses before a route sees it (a request line longer than it reads: 414; headers too large: 431;
 * a malformed request: 400) as the API answers everything: {@code {"error": ..., "field": null}} in JSON, never
 * Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    private final ObjectMapper json;

    JsonErrorHandler(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) throws JsonProcessingException {
        byte[] body = json.writeValueAsBytes(new ApiError.Body(describe(code, message), null));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String describe(int code, String message) {
        return switch (code) {
            case 414 -> "the request's path and query are longer than the server reads (8 KiB); shorten them";
            case 431 -> "the request's headers are larger than the server reads (8 KiB)";
            case 413 -> "the request's body is larger than the server accepts (1 MB)";
            default -> "HTTP " + code + (message == null || message.isBlank() ? "" : ": " + message);
        };
    }
}
