package io.taskpod.app.testing.s3;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-protocol server on loopback for tests: Adobe's S3Mock ({@code com.adobe.testing:s3mock}, its executable
 * jar, which failsafe names in {@code taskpod.s3mock.jar}) as a process of its own, so that its Spring Boot stays
 * off the test classpath. It keeps its objects in a folder, so {@link #stop()} and {@link #start()} take it away
 * and bring it back at the same address with everything stored, as an outage of the store would.
 */
public final class S3MockServer implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(120);

    private final Path root;
    private final Path output;
    private final String bucket;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private S3MockServer(Path folder, String bucket) {
        this.root = folder.resolve("objects");
        this.output = folder.resolve("s3mock.log");
        this.bucket = bucket;
        this.port = freePort();
    }

    /**
     * A server with {@code bucket}, keeping its files and output in {@code folder}; its address is fixed now, so a
     * test can configure taskpod while the server starts ({@link #start()}).
     */
    public static S3MockServer create(Path folder, String bucket) {
        return new S3MockServer(folder, bucket);
    }

    /** Starts the server (again) at its address; returns once it answers. */
    public void start() {
        Path jar = Path.of(System.getProperty("taskpod.s3mock.jar", "target/s3mock/s3mock.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Mock's jar is missing: " + jar + " (run with ./mvnw verify)");
        }
        try {
            Files.createDirectories(root);
            process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(), "--server.port=0",
                    "--server.address=127.0.0.1",
                    "--com.adobe.testing.s3mock.httpPort=" + port,
                    "--com.adobe.testing.s3mock.store.initialBuckets=" + bucket,
                    "--com.adobe.testing.s3mock.store.root=" + root,
                    "--com.adobe.testing.s3mock.store.retainFilesOnExit=true"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(START).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("S3Mock exited with " + process.exitValue() + "; see " + output);
            }
            return bucketAnswers();
        });
    }

    /** Stops the server; its objects stay for {@link #start()}. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code http://127.0.0.1:PORT}: the endpoint taskpod is configured with. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String bucket() {
        return bucket;
    }

    /**
     * The object's content, read over the S3 protocol (path style), or empty when there is none. A read whose
     * connection breaks (a kept-alive connection the server closed) is tried again on a new one, up to three times.
     */
    public Optional<String> object(String key) {
        IOException broken = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return read(key);
            } catch (IOException e) {
                broken = e;
            }
        }
        throw new UncheckedIOException(broken);
    }

    private Optional<String> read(String key) throws IOException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/" + bucket
                    + "/" + key)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(
                    StandardCharsets.UTF_8));
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + key + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return Optional.of(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
        http.close();
    }

    private boolean bucketAnswers() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/" + bucket)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
