package io.taskpod.testkit.kubernetes;

import io.vertx.core.Context;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;

/**
 * The connection a watch's events travel on: a WebSocket (what fabric8 uses) or a chunked HTTP response (what
 * {@code curl ...?watch=true} and client-go use). Every operation is queued on the connection's event loop, so
 * frames leave in the order they were handed over, whichever thread hands them over.
 */
sealed interface WatchStream {

    /** Sends one watch event, a JSON object. */
    void send(String event);

    /** Ends the stream cleanly, as a server-side watch timeout does. */
    void end();

    /** Cuts the TCP connection without a goodbye, as a network failure does. */
    void abort();

    /** A watch upgraded to a WebSocket; each event is one text message. */
    record WebSocket(Context context, ServerWebSocket socket, HttpConnection connection) implements WatchStream {
        public void send(String event) {
            context.runOnContext(ignored -> socket.writeTextMessage(event));
        }

        public void end() {
            context.runOnContext(ignored -> socket.close());
        }

        public void abort() {
            context.runOnContext(ignored -> connection.close());
        }
    }

    /** A watch over a chunked HTTP response; each event is one line. */
    record Chunked(Context context, HttpServerResponse response, HttpConnection connection) implements WatchStream {
        public void send(String event) {
            context.runOnContext(ignored -> {
                if (!response.ended() && !response.closed()) {
                    response.write(event + "\n");
                }
            });
        }

        public void end() {
            context.runOnContext(ignored -> {
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            });
        }

        public void abort() {
            context.runOnContext(ignored -> connection.close());
        }
    }
}
