package io.taskpod.app.remotelog;

import static io.taskpod.core.config.ValueParsers.bool;
import static io.taskpod.core.config.ValueParsers.seconds;
import static io.taskpod.core.config.ValueParsers.string;

import io.taskpod.core.config.ConfigKey;
import io.taskpod.core.config.CoreConfigKeys;
import java.time.Duration;
import java.util.List;

/**
 * The {@code [logging]} keys of remote task logs. Names follow Airflow's ({@code remote_logging},
 * {@code remote_base_log_folder}); the connection settings that Airflow keeps in a connection are keys here, and
 * credentials are never among them: they come from the environment or a mounted file (the AWS SDK's default chain).
 */
public final class RemoteLogConfigKeys {

    public static final ConfigKey<Boolean> REMOTE_LOGGING = ConfigKey.of(CoreConfigKeys.LOGGING, "remote_logging",
            "False", bool(), "Also keep every try's log in an S3-compatible object store, at remote_base_log_folder: "
                    + "for clusters without a volume that workers and the scheduler share. Credentials come from the "
                    + "environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, or a file named by "
                    + "AWS_SHARED_CREDENTIALS_FILE, web identity), never from taskpod.cfg (docs/logging.md).");
    public static final ConfigKey<String> REMOTE_BASE_LOG_FOLDER = ConfigKey.of(CoreConfigKeys.LOGGING,
            "remote_base_log_folder", "", string(), "Where remote task logs go: s3://BUCKET or s3://BUCKET/PREFIX; "
                    + "a try's log is PREFIX/dag_id=…/run_id=…/task_id=…/[map_index=…/]attempt=N.log.");
    public static final ConfigKey<String> REMOTE_LOG_ENDPOINT_URL = ConfigKey.of(CoreConfigKeys.LOGGING,
            "remote_log_endpoint_url", "", string(), "Endpoint of an S3-compatible store other than AWS S3, e.g. "
                    + "http://minio.storage:9000 or https://storage.googleapis.com (GCS interoperability). Empty: AWS S3.");
    public static final ConfigKey<String> REMOTE_LOG_REGION = ConfigKey.of(CoreConfigKeys.LOGGING,
            "remote_log_region", "", string(), "Region of the bucket. Empty: AWS_REGION from the environment, else "
                    + "us-east-1 when remote_log_endpoint_url is set.");
    public static final ConfigKey<Boolean> REMOTE_LOG_PATH_STYLE_ACCESS = ConfigKey.of(CoreConfigKeys.LOGGING,
            "remote_log_path_style_access", "False", bool(), "Address the bucket in the path (ENDPOINT/BUCKET/KEY) "
                    + "rather than the host name (BUCKET.ENDPOINT/KEY): what MinIO and Ceph usually need.");
    public static final ConfigKey<Duration> REMOTE_LOG_UPLOAD_INTERVAL = ConfigKey.of(CoreConfigKeys.LOGGING,
            "remote_log_upload_interval", "30", seconds(0.5), "Seconds between uploads of a running try's log: a pod "
                    + "that is lost loses at most this much of its log. The log is uploaded again when the try ends.");
    public static final ConfigKey<Duration> REMOTE_LOG_UPLOAD_TIMEOUT = ConfigKey.of(CoreConfigKeys.LOGGING,
            "remote_log_upload_timeout", "120", seconds(0), "How long a worker keeps retrying the upload of a "
                    + "finished try's log while the store fails; the task's state is recorded before, whatever happens.");

    /** The keys in the order {@code config list} and the reference show them. */
    public static final List<ConfigKey<?>> ALL = List.of(REMOTE_LOGGING, REMOTE_BASE_LOG_FOLDER,
            REMOTE_LOG_ENDPOINT_URL, REMOTE_LOG_REGION, REMOTE_LOG_PATH_STYLE_ACCESS, REMOTE_LOG_UPLOAD_INTERVAL,
            REMOTE_LOG_UPLOAD_TIMEOUT);

    private RemoteLogConfigKeys() {}
}
