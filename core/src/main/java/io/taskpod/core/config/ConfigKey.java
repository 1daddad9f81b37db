package io.taskpod.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One configuration key: where it lives, its default (empty = no value unless set), how its value is parsed,
 * what it means, and how much of it may be shown.
 *
 * <p>Defaults and values may contain {@code {TASKPOD_HOME}}, replaced by the taskpod home folder, and
 * {@code {TASKPOD_VERSION}}, replaced by this build's version.
 */
public record ConfigKey<T>(
        String section,
        String name,
        Optional<String> defaultValue,
        ValueParser<T> parser,
        String description,
        Sensitivity sensitivity) {

    public ConfigKey {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(sensitivity, "sensitivity");
    }

    public static <T> ConfigKey<T> of(String section, String name, String defaultValue, ValueParser<T> parser,
            String description) {
        return new ConfigKey<>(section, name, Optional.ofNullable(defaultValue), parser, description, Sensitivity.PUBLIC);
    }

    public ConfigKey<T> withSensitivity(Sensitivity newSensitivity) {
        return new ConfigKey<>(section, name, defaultValue, parser, description, newSensitivity);
    }

    /** {@code [section] name}, as used in messages. */
    public String qualifiedName() {
        return "[" + section + "] " + name;
    }
}
