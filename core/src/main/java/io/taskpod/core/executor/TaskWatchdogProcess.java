package io.taskpod.core.executor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The task watchdog's process ({@link TaskWatchdog}): reads {@code + PID START} (a task process started at
 * {@code START}, epoch milliseconds, -1 when unknown) and {@code - PID START} (it ended) from stdin until end-of-file, then
 * stops the task processes still registered and alive, with their descendants: SIGTERM, SIGKILL after the grace in
 * milliseconds given as its argument. Uses nothing but the JDK.
 */
public final class TaskWatchdogProcess {

    /** The start time sent when the system does not tell it; such a process is stopped whatever its start time. */
    static final long UNKNOWN_START = -1;

    private TaskWatchdogProcess() {}

    public static void main(String[] args) throws IOException {
        Duration grace = Duration.ofMillis(Long.parseLong(args[0]));
        long supervisor = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        Map<Long, Long> registered = new LinkedHashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            apply(line, registered);
        }
        List<ProcessHandle> leftovers = alive(registered);
        if (!leftovers.isEmpty()) {
            System.err.println("[" + Instant.now() + "] taskpod task watchdog: the process that supervised "
                    + leftovers.size() + " task process(es) (pid " + supervisor + ") is gone; stopping them (pids "
                    + leftovers.stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(", "))
                    + "): SIGTERM, SIGKILL after " + grace.toMillis() + " ms");
            ProcessTree.terminateAll(leftovers, grace);
        }
    }

    static String register(long pid, long startMillis) {
        return "+ " + pid + " " + startMillis + "\n";
    }

    static String unregister(long pid, long startMillis) {
        return "- " + pid + " " + startMillis + "\n";
    }

    /** Applies one line of the protocol; a line it does not understand is ignored. */
    static void apply(String line, Map<Long, Long> registered) {
        String[] words = line.strip().split(" ");
        if (words.length != 3) {
            return;
        }
        try {
            long pid = Long.parseLong(words[1]);
            long start = Long.parseLong(words[2]);
            switch (words[0]) {
                case "+" -> registered.put(pid, start);
                case "-" -> registered.remove(pid, start);
                default -> { }
            }
        } catch (NumberFormatException ignored) {
            // not a line of ours
        }
    }

    /** The registered processes that still run: same pid and, where known, same start time. */
    static List<ProcessHandle> alive(Map<Long, Long> registered) {
        return registered.entrySet().stream()
                .map(entry -> ProcessHandle.of(entry.getKey())
                        .filter(ProcessHandle::isAlive)
                        .filter(process -> entry.getValue() == UNKNOWN_START
                                || TaskWatchdog.startMillis(process) == entry.getValue()))
                .flatMap(Optional::stream)
                .toList();
    }
}
