package io.taskpod.store.embedded;

import java.util.List;
import java.util.Optional;

/**
 * The parts of PostgreSQL's {@code postmaster.pid} taskpod needs: the server's process id (line 1) and port
 * (line 4). Parsing is pure so a damaged file is handled like a missing one.
 */
public record PostmasterPidFile(long pid, Optional<Integer> port) {

    /** The file's contents, or empty when it does not hold a process id. */
    public static Optional<PostmasterPidFile> parse(List<String> lines) {
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).trim());
            if (pid <= 0) {
                return Optional.empty();
            }
            Optional<Integer> port = Optional.empty();
            if (lines.size() > 3) {
                try {
                    port = Optional.of(Integer.parseInt(lines.get(3).trim()));
                } catch (NumberFormatException ignored) {
                    // an incomplete file (server still starting): the port is unknown
                }
            }
            return Optional.of(new PostmasterPidFile(pid, port));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
