package io.taskpod.store;

import io.taskpod.core.config.Config;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.config.Sensitivity;
import java.util.Objects;

/** Where the metadata database is and how to log in. {@link #toString()} never shows the password. */
public record DatabaseSettings(String url, String user, String password, int poolSize) {

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** The configured server; the URL may be empty, meaning the embedded server (resolved by the app). */
    public static DatabaseSettings from(Config config) {
        return new DatabaseSettings(config.find(CoreConfigKeys.DATABASE_URL).orElse(""),
                config.get(CoreConfigKeys.DATABASE_USER),
                config.find(CoreConfigKeys.DATABASE_PASSWORD).orElse(""),
                config.get(CoreConfigKeys.DATABASE_POOL_SIZE));
    }

    public DatabaseSettings withUrl(String newUrl) {
        return new DatabaseSettings(newUrl, user, password, poolSize);
    }

    public DatabaseSettings withPoolSize(int newPoolSize) {
        return new DatabaseSettings(url, user, password, newPoolSize);
    }

    /** The URL with any credentials in it hidden, for logs and errors. */
    public String redactedUrl() {
        return Sensitivity.URL_WITH_CREDENTIALS.redact(url);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + redactedUrl() + ", user=" + user + ", password="
                + Sensitivity.SECRET.redact(password) + ", poolSize=" + poolSize + "]";
    }
}
