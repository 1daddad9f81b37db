package io.taskpod.core.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A configuration source over an in-memory map of sections; used for programmatic and test configuration. */
public final class MapConfigSource implements ConfigSource {

    private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    private final String origin;

    public MapConfigSource(String origin) {
        this.origin = origin;
    }

    /** Sets a value and returns this source, for chaining. */
    public MapConfigSource set(String section, String key, String value) {
        sections.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(key, value);
        return this;
    }

    @Override
    public Optional<String> get(String section, String key) {
        return Optional.ofNullable(sections.getOrDefault(section, Map.of()).get(key));
    }

    @Override
    public Set<String> sections() {
        return sections.keySet();
    }

    @Override
    public Set<String> keys(String section) {
        return sections.getOrDefault(section, Map.of()).keySet();
    }

    @Override
    public String origin(String section, String key) {
        return origin;
    }
}
