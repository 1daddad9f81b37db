package io.taskpod.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration as read from one {@link ConfigSource} and checked against a {@link ConfigSchema}: typed access
 * to every key, errors that name section, key, value and what is expected, warnings for unknown keys, and a
 * listing with secrets hidden.
 */
public final class Config {

    /** Replaced by the taskpod home folder in defaults and values. */
    public static final String HOME_PLACEHOLDER = "{TASKPOD_HOME}";
    /** Replaced by this build's version ({@link TaskpodVersion}) in defaults and values. */
    public static final String VERSION_PLACEHOLDER = "{TASKPOD_VERSION}";

    private final ConfigSource source;
    private final ConfigSchema schema;
    private final Path home;

    public Config(ConfigSource source, ConfigSchema schema, Path home) {
        this.source = Objects.requireNonNull(source, "source");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.home = Objects.requireNonNull(home, "home");
    }

    /** Nothing set: every key of {@code schema} at its default, the working folder as home. */
    public static Config defaults(ConfigSchema schema) {
        return new Config(new MapConfigSource("defaults"), schema, Path.of("."));
    }

    /**
     * This configuration with {@code key} set to {@code value}, which wins over every source; {@code origin} says where
     * it came from (what {@link #origin} reports).
     */
    public Config withValue(ConfigKey<?> key, String value, String origin) {
        MapConfigSource overlay = new MapConfigSource(origin).set(key.section(), key.name(), value);
        ConfigSource base = source;
        return new Config(new ConfigSource() {
            @Override
            public Optional<String> get(String section, String name) {
                return overlay.get(section, name).or(() -> base.get(section, name));
            }

            @Override
            public Set<String> sections() {
                Set<String> sections = new LinkedHashSet<>(base.sections());
                sections.addAll(overlay.sections());
                return sections;
            }

            @Override
            public Set<String> keys(String section) {
                Set<String> keys = new LinkedHashSet<>(base.keys(section));
                keys.addAll(overlay.keys(section));
                return keys;
            }

            @Override
            public String origin(String section, String name) {
                return overlay.get(section, name).isPresent() ? overlay.origin(section, name) : base.origin(section, name);
            }
        }, schema, home);
    }

    public ConfigSchema schema() {
        return schema;
    }

    public Path home() {
        return home;
    }

    /** The typed value: the set value, else the default; throws {@link ConfigException} if neither parses. */
    public <T> T get(ConfigKey<T> key) {
        return find(key).orElseThrow(() -> new ConfigException(key.qualifiedName() + " has no value and no default"));
    }

    /** The typed value, or empty when the key is neither set nor defaulted (or set to an empty string). */
    public <T> Optional<T> find(ConfigKey<T> key) {
        Optional<String> raw = rawValue(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (raw.get().isBlank() && key.defaultValue().map(String::isBlank).orElse(true)) {
            return Optional.empty();
        }
        return parse(key, raw.get());
    }

    /**
     * The key's default, typed ({@code {TASKPOD_HOME}} and {@code {TASKPOD_VERSION}} expanded); a key without a
     * default reads as an empty value. What a section reader stands in for a bad value so it can report them all.
     */
    public <T> T defaultValue(ConfigKey<T> key) {
        return key.parser().parse(expandPlaceholders(key.defaultValue().orElse("")));
    }

    /** The raw string in effect (set value, else default), with {@code {TASKPOD_HOME}} and {@code {TASKPOD_VERSION}} expanded. */
    public Optional<String> rawValue(ConfigKey<?> key) {
        Optional<String> set = source.get(key.section(), key.name());
        return set.or(key::defaultValue).map(this::expandPlaceholders);
    }

    /** Where the value in effect comes from: the source's origin, or {@code default}. */
    public String origin(ConfigKey<?> key) {
        return source.get(key.section(), key.name()).isPresent() ? source.origin(key.section(), key.name()) : "default";
    }

    /** Raw lookup of any key, known or not ({@code config get-value}); values are not redacted here. */
    public Optional<String> rawValue(String section, String name) {
        Optional<ConfigKey<?>> key = schema.find(section, name);
        if (key.isPresent()) {
            return rawValue(key.get());
        }
        return source.get(section, name).map(this::expandPlaceholders);
    }

    /** Parses every known key; throws one {@link ConfigException} listing every bad value. */
    public void validate() {
        List<String> problems = new ArrayList<>();
        for (ConfigKey<?> key : schema.keys()) {
            try {
                find(key);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** Keys set in known sections that no component reads: worth a warning, never an error. */
    public List<String> unknownKeyWarnings() {
        List<String> warnings = new ArrayList<>();
        for (String section : source.sections()) {
            if (!schema.isKnownSection(section)) {
                continue;
            }
            for (String name : source.keys(section)) {
                if (schema.find(section, name).isEmpty()) {
                    warnings.add("unknown configuration key [" + section + "] " + name + " (" + source.origin(section, name)
                            + ") is ignored; known keys in [" + section + "]: "
                            + schema.keys(section).stream().map(ConfigKey::name).toList());
                }
            }
        }
        return warnings;
    }

    /** Every known key with the value in effect (secrets hidden) and its origin, for {@code config list}. */
    public List<ConfigEntry> entries() {
        List<ConfigEntry> entries = new ArrayList<>();
        for (ConfigKey<?> key : schema.keys()) {
            String shown = rawValue(key).map(key.sensitivity()::redact).orElse("");
            entries.add(new ConfigEntry(key.section(), key.name(), shown, origin(key), key.description()));
        }
        return entries;
    }

    private <T> Optional<T> parse(ConfigKey<T> key, String raw) {
        try {
            return Optional.of(key.parser().parse(raw));
        } catch (IllegalArgumentException e) {
            throw ConfigException.forValue(key, origin(key), raw, e.getMessage());
        }
    }

    private String expandPlaceholders(String value) {
        return value.replace(HOME_PLACEHOLDER, home.toString()).replace(VERSION_PLACEHOLDER, TaskpodVersion.current());
    }
}
