package io.taskpod.app.remotelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskpod.app.config.ConfigLoader;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.MapConfigSource;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code [logging] remote_*}: where logs go, what a bad value says, and that credentials are refused in the file. */
class RemoteLogSettingsTest {

    private static Config config(String... keysAndValues) {
        MapConfigSource source = new MapConfigSource("taskpod.cfg");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            source.set("logging", keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Config(source, ConfigLoader.schema(), Path.of("/home/taskpod"));
    }

    @Test
    void offByDefaultWithoutLoadingAnyClient() {
        assertThat(RemoteLogSettings.from(config())).isEmpty();
        assertThat(RemoteLogs.of(config())).isEmpty();
        assertThat(RemoteLogs.uploadsOf(config())).isSameAs(LogUploads.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "s3://logs                 | logs | ''          | s3://logs/dag_id=d/attempt=1.log",
        "s3://logs/                | logs | ''          | s3://logs/dag_id=d/attempt=1.log",
        "s3://logs/taskpod/prod/   | logs | taskpod/prod | s3://logs/taskpod/prod/dag_id=d/attempt=1.log",
    })
    void theFolderNamesBucketAndPrefix(String folder, String bucket, String prefix, String location) {
        RemoteLogSettings settings = RemoteLogSettings.from(config("remote_logging", "True",
                "remote_base_log_folder", folder)).orElseThrow();

        assertThat(settings.bucket()).isEqualTo(bucket);
        assertThat(settings.prefix()).isEqualTo(prefix);
        assertThat(settings.location("dag_id=d/attempt=1.log")).isEqualTo(location);
        assertThat(settings.endpoint()).isEmpty();
        assertThat(settings.uploadInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anS3CompatibleStoreIsAnEndpointWithPathStyleAccess() {
        RemoteLogSettings settings = RemoteLogSettings.from(config("remote_logging", "True",
                "remote_base_log_folder", "s3://logs", "remote_log_endpoint_url", "http://minio.storage:9000",
                "remote_log_path_style_access", "True", "remote_log_region", "eu-west-1")).orElseThrow();

        assertThat(settings.endpoint()).contains(URI.create("http://minio.storage:9000"));
        assertThat(settings.pathStyleAccess()).isTrue();
        assertThat(settings.region()).isEqualTo(Optional.of("eu-west-1"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "remote_base_log_folder  | ''                   | [logging] remote_base_log_folder = (empty): expected s3://BUCKET or s3://BUCKET/PREFIX, since [logging] remote_logging is True",
        "remote_base_log_folder  | /var/logs            | [logging] remote_base_log_folder = /var/logs: expected s3://BUCKET or s3://BUCKET/PREFIX, since [logging] remote_logging is True",
        "remote_base_log_folder  | s3://                | [logging] remote_base_log_folder = s3://: expected s3://BUCKET or s3://BUCKET/PREFIX, since [logging] remote_logging is True",
        "remote_log_endpoint_url | minio:9000           | [logging] remote_log_endpoint_url = minio:9000: expected an http:// or https:// URL such as http://minio:9000 (not an http or https URL with a host)",
        "remote_log_endpoint_url | http://ak:sk@minio/  | [logging] remote_log_endpoint_url = http://********@minio/: expected an http:// or https:// URL such as http://minio:9000 (credentials do not belong in the URL)",
    })
    void aBadValueNamesTheKeyAndWhatIsExpected(String key, String value, String message) {
        Config config = key.equals("remote_base_log_folder")
                ? config("remote_logging", "True", key, value)
                : config("remote_logging", "True", "remote_base_log_folder", "s3://logs", key, value);

        assertThatThrownBy(() -> RemoteLogSettings.from(config)).isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"aws_secret_access_key", "aws_access_key_id", "remote_log_conn_id"})
    void credentialsInTheConfigurationAreRefusedByNameWithoutShowingThem(String key) {
        Config config = config("remote_logging", "False", key, "wJalrXUtnFEMI-K7MDENG");

        assertThatThrownBy(() -> RemoteLogSettings.from(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("[logging] " + key + " is set: taskpod reads no credentials from its configuration")
                .hasMessageContaining("AWS_SHARED_CREDENTIALS_FILE")
                .hasMessageNotContaining("wJalrXUtnFEMI");
    }
}
