package io.taskpod.app.worker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.port.TryOwner;
import io.taskpod.store.worker.StoreUnavailableException;
import io.taskpod.store.worker.WorkerStoreException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A worker whose execution API cannot be reached: the claim is retried for the bounded time and then fails with the
 * reason (the worker then ends with it, and the executor's watch records the pod's outcome), a heartbeat fails at once
 * (the next one is its retry), and no message carries the token.
 */
class ExecutionApiTryStoreTest {

    private static final String TOKEN = "header.claims.signature-of-this-try";
    private static final TaskInstanceKey KEY = new TaskInstanceKey("etl", "load", "r1", 1, -1);

    @Test
    void aClaimIsRetriedForTheBoundedTimeThenFailsNamingTheApiAndTheWaitButNotTheToken() throws IOException {
        URI nobody = URI.create("http://127.0.0.1:" + closedPort() + "/execution/");
        ExecutionApiTryStore store = new ExecutionApiTryStore(nobody, TOKEN, Duration.ofSeconds(1), Clock.systemUTC());

        assertThatThrownBy(() -> store.claim(KEY, 1, new TryOwner("pod", 1, Clock.systemUTC().instant())))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("could not claim etl.load run=r1 try=1: the execution API at " + nobody
                        + " is unreachable")
                .hasMessageContaining("retried for 1 s, [scheduler] worker_state_write_timeout")
                .message().doesNotContain(TOKEN);
        assertThatThrownBy(() -> store.heartbeat(KEY, new TryOwner("pod", 1, Clock.systemUTC().instant()),
                Clock.systemUTC().instant()))
                .isInstanceOf(WorkerStoreException.class).hasMessageContaining("unreachable")
                .message().doesNotContain(TOKEN);
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
