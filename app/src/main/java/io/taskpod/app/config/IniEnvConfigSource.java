package io.taskpod.app.config;

import io.taskpod.core.config.ConfigException;
import io.taskpod.core.config.ConfigSource;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.configuration2.INIConfiguration;
import org.apache.commons.configuration2.SubnodeConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * Configuration from an INI file ({@code taskpod.cfg}) overlaid by environment variables
 * {@code TASKPOD__<SECTION>__<KEY>}, which win. Section and key names are matched in lower case.
 */
public final class IniEnvConfigSource implements ConfigSource {

    static final String ENV_PREFIX = "TASKPOD__";

    private final Map<String, Map<String, String>> fileValues = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> envValues = new LinkedHashMap<>();
    private final Optional<Path> file;

    private IniEnvConfigSource(Optional<Path> file) {
        this.file = file;
    }

    /**
     * Reads {@code file} when present (a missing file reads as empty) and the {@code TASKPOD__} variables of
     * {@code environment}.
     */
    public static IniEnvConfigSource read(Optional<Path> file, Map<String, String> environment) {
        IniEnvConfigSource source = new IniEnvConfigSource(file);
        file.filter(Files::exists).ifPresent(source::readIni);
        source.readEnvironment(environment);
        return source;
    }

    public Optional<Path> file() {
        return file;
    }

    private void readIni(Path path) {
        INIConfiguration ini = new INIConfiguration();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            ini.read(reader);
        } catch (IOException | ConfigurationException e) {
            throw new ConfigException("cannot read configuration file " + path + ": " + e.getMessage());
        }
        for (String section : ini.getSections()) {
            if (section == null) {
                if (!ini.getSection(null).isEmpty()) {
                    throw new ConfigException("configuration file " + path + ": keys before the first [section] header: "
                            + keysOf(ini.getSection(null)));
                }
                continue;
            }
            SubnodeConfiguration values = ini.getSection(section);
            Map<String, String> target = fileValues.computeIfAbsent(section.trim().toLowerCase(Locale.ROOT),
                    s -> new LinkedHashMap<>());
            for (Iterator<String> keys = values.getKeys(); keys.hasNext(); ) {
                String key = keys.next();
                String name = key.trim().toLowerCase(Locale.ROOT).replace("..", ".");
                if (values.getList(key).size() > 1 || target.containsKey(name)) {
                    throw new ConfigException("configuration file " + path + ": [" + section.trim() + "] " + name
                            + " is set more than once; keep one");
                }
                target.put(name, values.getString(key, ""));
            }
        }
    }

    private static Set<String> keysOf(SubnodeConfiguration values) {
        Set<String> keys = new LinkedHashSet<>();
        values.getKeys().forEachRemaining(keys::add);
        return keys;
    }

    private void readEnvironment(Map<String, String> environment) {
        environment.forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX)) {
                return;
            }
            String[] parts = name.substring(ENV_PREFIX.length()).split("__", 2);
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                return;
            }
            envValues.computeIfAbsent(parts[0].toLowerCase(Locale.ROOT), s -> new LinkedHashMap<>())
                    .put(parts[1].toLowerCase(Locale.ROOT), value);
        });
    }

    @Override
    public Optional<String> get(String section, String key) {
        String fromEnv = envValues.getOrDefault(section, Map.of()).get(key);
        if (fromEnv != null) {
            return Optional.of(fromEnv);
        }
        return Optional.ofNullable(fileValues.getOrDefault(section, Map.of()).get(key));
    }

    @Override
    public Set<String> sections() {
        Set<String> sections = new LinkedHashSet<>(fileValues.keySet());
        sections.addAll(envValues.keySet());
        return sections;
    }

    @Override
    public Set<String> keys(String section) {
        Set<String> keys = new LinkedHashSet<>(fileValues.getOrDefault(section, Map.of()).keySet());
        keys.addAll(envValues.getOrDefault(section, Map.of()).keySet());
        return keys;
    }

    @Override
    public String origin(String section, String key) {
        if (envValues.getOrDefault(section, Map.of()).containsKey(key)) {
            return "env " + ENV_PREFIX + section.toUpperCase(Locale.ROOT) + "__" + key.toUpperCase(Locale.ROOT);
        }
        return file.map(Path::toString).orElse("file");
    }
}
