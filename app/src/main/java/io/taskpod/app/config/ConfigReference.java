package io.taskpod.app.config;

import io.taskpod.core.config.ConfigKey;
import io.taskpod.core.config.ConfigSchema;
import java.util.Locale;

/** Renders every configuration key as the Markdown reference in {@code docs/configuration.md}. */
public final class ConfigReference {

    private ConfigReference() {}

    public static String markdown(ConfigSchema schema) {
        StringBuilder text = new StringBuilder();
        text.append("# Configuration reference\n\n")
                .append("Generated from the code by `taskpod config reference`; a test keeps it in sync.\n\n")
                .append("taskpod reads `taskpod.cfg` (INI) from `--config FILE`, else `$TASKPOD_CONFIG`, else ")
                .append("`$TASKPOD_HOME/taskpod.cfg` (`TASKPOD_HOME` defaults to `~/.taskpod`). Every key can be set by ")
                .append("an environment variable `TASKPOD__<SECTION>__<KEY>`, which wins over the file. ")
                .append("`{TASKPOD_HOME}` in a value is replaced by the home folder, `{TASKPOD_VERSION}` by this build's version ")
                .append("(`taskpod version`). A wrong value stops the command with a ")
                .append("message naming section, key, value and what is expected; an unknown key in a known section is a ")
                .append("warning. `taskpod config list` shows the values in effect and where each comes from, with secrets ")
                .append("hidden.\n");
        for (String section : schema.sections()) {
            if (schema.keys(section).isEmpty()) {
                continue;
            }
            text.append("\n## [").append(section).append("]\n\n")
                    .append("| key | default | environment variable | meaning |\n")
                    .append("|---|---|---|---|\n");
            for (ConfigKey<?> key : schema.keys(section)) {
                text.append("| `").append(key.name()).append("` | ")
                        .append(key.defaultValue().filter(v -> !v.isEmpty()).map(v -> "`" + v + "`").orElse("(empty)"))
                        .append(" | `TASKPOD__").append(section.toUpperCase(Locale.ROOT)).append("__")
                        .append(key.name().toUpperCase(Locale.ROOT)).append("` | ")
                        .append(key.description().replace("|", "\\|").replace("\n", " "))
                        .append(switch (key.sensitivity()) {
                            case SECRET -> " Secret: never shown or logged.";
                            case URL_WITH_CREDENTIALS -> " Credentials in it are never shown or logged.";
                            case PUBLIC -> "";
                        })
                        .append(" |\n");
            }
        }
        return text.toString();
    }
}
