package io.taskpod.core.config;

import java.util.List;

/** A configuration value that cannot be used. The message names section, key, value and what is expected. */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(String message) {
        this(List.of(message));
    }

    public ConfigException(List<String> problems) {
        super(problems.size() == 1 ? problems.getFirst()
                : "invalid configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One message per bad value. */
    public List<String> problems() {
        return problems;
    }

    static ConfigException forValue(ConfigKey<?> key, String origin, String rawValue, String expected) {
        return new ConfigException("[" + key.section() + "] " + key.name() + " = " + key.sensitivity().redact(rawValue)
                + " (" + origin + "): expected " + expected);
    }
}
