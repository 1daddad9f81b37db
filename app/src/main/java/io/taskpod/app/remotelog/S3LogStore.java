package io.taskpod.app.remotelog;

import io.taskpod.core.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@link RemoteLogStore} of an S3-compatible store through the AWS SDK for Java v2, over the JDK's URL connection
 * (no Netty, no CRT). Credentials come from the SDK's default chain: environment variables, the file
 * {@code AWS_SHARED_CREDENTIALS_FILE} names, web identity (IRSA), container and instance credentials.
 */
final class S3LogStore implements RemoteLogStore {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final RemoteLogSettings settings;
    private final S3Client client;

    private S3LogStore(RemoteLogSettings settings, S3Client client) {
        this.settings = settings;
        this.client = client;
    }

    /**
     * A store of the settings' bucket. Declared to return the interface so that callers do not load this class, and
     * with it the SDK, unless remote logging is on.
     *
     * @throws ConfigException when no region can be found
     */
    static RemoteLogStore connect(RemoteLogSettings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT))
                .overrideConfiguration(override -> override.apiCallTimeout(CALL_TIMEOUT))
                .forcePathStyle(settings.pathStyleAccess());
        settings.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint)
                // S3-compatible stores (GCS, older MinIO and Ceph) refuse the SDK's default trailing checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        Optional<String> region = settings.region().or(() -> Optional.ofNullable(System.getenv("AWS_REGION")))
                .or(() -> settings.endpoint().map(endpoint -> RemoteLogSettings.ENDPOINT_DEFAULT_REGION));
        region.map(Region::of).ifPresent(builder::region);
        try {
            return new S3LogStore(settings, builder.build());
        } catch (SdkException e) {
            throw new ConfigException("[logging] remote_log_region is empty and the environment names no region "
                    + "(AWS_REGION): " + e.getMessage());
        }
    }

    @Override
    public void put(String relativePath, Path file) {
        call("upload to", relativePath, () -> client.putObject(request -> request.bucket(settings.bucket())
                .key(settings.objectKey(relativePath)).contentType("text/plain; charset=utf-8"), RequestBody.fromFile(file)));
    }

    @Override
    public void put(String relativePath, byte[] content) {
        call("upload to", relativePath, () -> client.putObject(request -> request.bucket(settings.bucket())
                .key(settings.objectKey(relativePath)).contentType("text/plain; charset=utf-8"),
                RequestBody.fromBytes(content)));
    }

    @Override
    public Optional<byte[]> get(String relativePath) {
        return call("read", relativePath, () -> {
            try {
                ResponseBytes<GetObjectResponse> bytes = client.getObjectAsBytes(request -> request
                        .bucket(settings.bucket()).key(settings.objectKey(relativePath)));
                return Optional.of(bytes.asByteArray());
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public String location(String relativePath) {
        return settings.location(relativePath);
    }

    @Override
    public void close() {
        client.close();
    }

    private <T> T call(String what, String relativePath, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw new RemoteLogException("could not " + what + " " + location(relativePath) + ": " + e.getMessage(), e);
        }
    }
}
