package io.taskpod.core.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every known configuration key, grouped by section, in the order they are documented. */
public final class ConfigSchema {

    private final Map<String, Map<String, ConfigKey<?>>> sections = new LinkedHashMap<>();

    public ConfigSchema(Collection<? extends Collection<ConfigKey<?>>> keyGroups) {
        for (Collection<ConfigKey<?>> group : keyGroups) {
            for (ConfigKey<?> key : group) {
                ConfigKey<?> previous = sections.computeIfAbsent(key.section(), s -> new LinkedHashMap<>()).put(key.name(), key);
                if (previous != null) {
                    throw new IllegalStateException("configuration key declared twice: " + key.qualifiedName());
                }
            }
        }
    }

    /** Declares a section with no keys of its own yet, so that keys in it are accepted with a warning only. */
    public ConfigSchema withSection(String section) {
        sections.computeIfAbsent(section, s -> new LinkedHashMap<>());
        return this;
    }

    public Set<String> sections() {
        return new LinkedHashSet<>(sections.keySet());
    }

    public boolean isKnownSection(String section) {
        return sections.containsKey(section);
    }

    public Optional<ConfigKey<?>> find(String section, String name) {
        return Optional.ofNullable(sections.getOrDefault(section, Map.of()).get(name));
    }

    public List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> all = new ArrayList<>();
        sections.values().forEach(keys -> all.addAll(keys.values()));
        return all;
    }

    public List<ConfigKey<?>> keys(String section) {
        return List.copyOf(sections.getOrDefault(section, Map.of()).values());
    }
}
