package io.taskpod.core.config;

import java.util.Optional;
import java.util.Set;

/** Raw configuration values by section and key, with where each came from. */
public interface ConfigSource {

    Optional<String> get(String section, String key);

    Set<String> sections();

    Set<String> keys(String section);

    /** Where a set value came from, e.g. {@code /home/u/.taskpod/taskpod.cfg} or {@code env TASKPOD__CORE__PARALLELISM}. */
    String origin(String section, String key);
}
