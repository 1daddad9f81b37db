package io.taskpod.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on loopback with authentication off (the default), asked over a plain socket with the Host header a
 * browser sends after DNS rebinding, and with the ones it sends to taskpod itself.
 */
class ApiHostHeaderTest {

    @TempDir
    Path home;

    private ApiTestBed bed;

    @BeforeEach
    void start() throws Exception {
        bed = new ApiTestBed(home);
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    /** The whole answer (status line, headers, body) to a GET of {@code path} sent with {@code host}. */
    private String get(String path, String host) throws IOException {
        try (Socket socket = new Socket(bed.server.address().getHost(), bed.server.address().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRequestNamingAnotherServerIsRefusedWith421() throws IOException {
        String rebound = get("/api/v1/dags", "evil.example:" + bed.server.address().getPort());

        assertThat(rebound).startsWith("HTTP/1.1 421").contains("application/json")
                .contains("Host 'evil.example:" + bed.server.address().getPort() + "'")
                .contains("[api] allowed_hosts");
        assertThat(get("/", "evil.example")).startsWith("HTTP/1.1 421");
        assertThat(get("/ui/app.js", "evil.example")).startsWith("HTTP/1.1 421");
    }

    @Test
    void localhostAndAddressesAreAnsweredOnAnyPort() throws IOException {
        int port = bed.server.address().getPort();

        assertThat(bed.client.get("/api/v1/dags").statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/dags", "localhost:" + port)).startsWith("HTTP/1.1 200");
        assertThat(get("/api/v1/dags", "127.0.0.1:" + port)).startsWith("HTTP/1.1 200");
        assertThat(get("/api/v1/dags", "localhost:9999")).as("through a port-forward").startsWith("HTTP/1.1 200");
        assertThat(get("/api/v1/dags", "localhost.evil.example:" + port)).startsWith("HTTP/1.1 421");
    }

    @Test
    void theExecutionApiIsReachedByAnyNameAndChecksItsTokenInstead() throws IOException {
        assertThat(get("/execution/v1/try", "taskpod.taskpod.svc:8080")).startsWith("HTTP/1.1 401");
        assertThat(get("/api/v1/dags", "taskpod.taskpod.svc:8080")).startsWith("HTTP/1.1 421");
    }
}
