package io.taskpod.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this build ({@code 0.1.0}, {@code 0.2.0-SNAPSHOT}), as Maven wrote it into
 * {@code taskpod-version.properties}: what {@code taskpod version} prints, and the tag of the image the build makes
 * ({@code [kubernetes_executor] worker_container_tag} defaults to it through {@link Config#VERSION_PLACEHOLDER}).
 */
public final class TaskpodVersion {

    private static final String RESOURCE = "taskpod-version.properties";
    private static final String VERSION = read();

    private TaskpodVersion() {}

    public static String current() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = TaskpodVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from taskpod-core: a broken build");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            if (version.isBlank() || version.contains("${")) {
                throw new IllegalStateException(RESOURCE + " has no version (" + version + "): a broken build");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
