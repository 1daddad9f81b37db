package io.taskpod.app.remotelog;

import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.config.Sensitivity;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where and how remote task logs are kept, from the {@code [logging]} keys of {@link RemoteLogConfigKeys}.
 *
 * @param prefix the key prefix inside the bucket, without leading or trailing {@code /}; may be empty
 * @param region empty: the SDK's region chain ({@code AWS_REGION}, profile)
 */
public record RemoteLogSettings(String bucket, String prefix, Optional<URI> endpoint, Optional<String> region,
        boolean pathStyleAccess, Duration uploadInterval, Duration uploadTimeout) {

    /** What a region defaults to when an endpoint is given and neither the key nor the environment names one. */
    static final String ENDPOINT_DEFAULT_REGION = "us-east-1";

    /**
     * Names of {@code [logging]} keys that would carry credentials. taskpod has no such keys; setting one is refused,
     * so that a secret written into {@code taskpod.cfg} is not silently ignored and left there.
     */
    static final List<String> CREDENTIAL_KEYS = List.of("aws_access_key_id", "aws_secret_access_key",
            "aws_session_token", "remote_log_access_key", "remote_log_secret_key", "remote_log_conn_id");

    /**
     * The settings when {@code remote_logging} is on.
     *
     * @throws ConfigException naming the key when a value is missing or malformed, or when credentials are set in the
     *     configuration
     */
    public static Optional<RemoteLogSettings> from(Config config) {
        List<String> problems = new ArrayList<>();
        for (String name : CREDENTIAL_KEYS) {
            config.rawValue(CoreConfigKeys.LOGGING, name).ifPresent(value -> problems.add("[logging] " + name
                    + " is set: taskpod reads no credentials from its configuration; give the remote log store's "
                    + "credentials in the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from a Secret, or "
                    + "AWS_SHARED_CREDENTIALS_FILE naming a mounted file) and remove the key (docs/logging.md)"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        if (!config.get(RemoteLogConfigKeys.REMOTE_LOGGING)) {
            return Optional.empty();
        }
        String folder = config.find(RemoteLogConfigKeys.REMOTE_BASE_LOG_FOLDER).orElse("").strip();
        if (!folder.startsWith("s3://") || folder.length() == "s3://".length()) {
            throw new ConfigException("[logging] remote_base_log_folder = " + (folder.isEmpty() ? "(empty)" : folder)
                    + ": expected s3://BUCKET or s3://BUCKET/PREFIX, since [logging] remote_logging is True");
        }
        String path = folder.substring("s3://".length());
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String prefix = slash < 0 ? "" : trimSlashes(path.substring(slash + 1));
        Optional<URI> endpoint = config.find(RemoteLogConfigKeys.REMOTE_LOG_ENDPOINT_URL).map(String::strip)
                .filter(url -> !url.isEmpty()).map(RemoteLogSettings::endpoint);
        Optional<String> region = config.find(RemoteLogConfigKeys.REMOTE_LOG_REGION).map(String::strip)
                .filter(value -> !value.isEmpty());
        return Optional.of(new RemoteLogSettings(bucket, prefix, endpoint, region,
                config.get(RemoteLogConfigKeys.REMOTE_LOG_PATH_STYLE_ACCESS),
                config.get(RemoteLogConfigKeys.REMOTE_LOG_UPLOAD_INTERVAL),
                config.get(RemoteLogConfigKeys.REMOTE_LOG_UPLOAD_TIMEOUT)));
    }

    /** The object key of a log at {@code relativePath} under the base log folder's layout. */
    public String objectKey(String relativePath) {
        return prefix.isEmpty() ? relativePath : prefix + "/" + relativePath;
    }

    /** {@code s3://bucket/key}, as users name the object. */
    public String location(String relativePath) {
        return "s3://" + bucket + "/" + objectKey(relativePath);
    }

    private static URI endpoint(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an http or https URL with a host");
            }
            if (uri.getUserInfo() != null) {
                throw new URISyntaxException(url, "credentials do not belong in the URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException("[logging] remote_log_endpoint_url = "
                    + Sensitivity.URL_WITH_CREDENTIALS.redact(url) + ": expected an http:// or https:// URL such as http://minio:9000 ("
                    + e.getReason() + ")");
        }
    }

    private static String trimSlashes(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == '/') {
            start++;
        }
        while (end > start && value.charAt(end - 1) == '/') {
            end--;
        }
        return value.substring(start, end);
    }
}
