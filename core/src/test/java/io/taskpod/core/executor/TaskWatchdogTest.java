package io.taskpod.core.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task watchdog against real processes: what it stops when the process that registered tasks dies. */
class TaskWatchdogTest {

    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final Duration DEATH = Duration.ofSeconds(30);

    @TempDir
    Path work;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void tearDown() {
        started.forEach(process -> ProcessTree.kill(process.toHandle()));
    }

    @Test
    void aSupervisorKilledWithSigkillTakesItsTaskAndTheTasksChildrenWithIt() throws Exception {
        Process host = start(hostCommand());
        Map<String, Long> pids = awaitPids(host, "task", "child", "watchdog");

        ProcessHandle.of(pids.get("watchdog")).orElseThrow().destroy();
        host.destroyForcibly();

        await().atMost(DEATH).until(() -> gone(pids.get("task")) && gone(pids.get("child")));
        await().atMost(DEATH).until(() -> gone(pids.get("watchdog")));
    }

    @Test
    void closingTheWatchdogStopsWhatIsStillRegisteredAndNothingElse() throws Exception {
        TaskWatchdog watchdog = new TaskWatchdog(TaskWatchdog.commandFor(GRACE));
        Process registered = start(List.of("sleep", "600"));
        Process ended = start(List.of("sleep", "600"));
        Process stranger = start(List.of("sleep", "600"));
        watchdog.register(registered.toHandle());
        watchdog.register(ended.toHandle()).release();
        long watchdogPid = watchdog.pid().orElseThrow();

        watchdog.close();

        await().atMost(DEATH).until(() -> !registered.isAlive() && gone(watchdogPid));
        assertThat(ended.isAlive()).isTrue();
        assertThat(stranger.isAlive()).isTrue();
    }

    @Test
    void aWatchdogThatDiesIsStartedAgainAndToldTheRunningTasks() throws Exception {
        TaskWatchdog watchdog = new TaskWatchdog(TaskWatchdog.commandFor(GRACE));
        Process task = start(List.of("sleep", "600"));
        watchdog.register(task.toHandle());
        long first = watchdog.pid().orElseThrow();

        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        await().atMost(DEATH).until(() -> watchdog.pid().filter(pid -> pid != first).isPresent());
        watchdog.close();

        await().atMost(DEATH).until(() -> !task.isAlive());
    }

    @Test
    void aRegisteredPidNowUsedByAnotherProcessIsLeftAlone() throws Exception {
        Process other = start(List.of("sleep", "600"));
        long start = TaskWatchdog.startMillis(other.toHandle());
        Map<Long, Long> registered = new LinkedHashMap<>();
        TaskWatchdogProcess.apply("+ " + other.pid() + " " + (start - 60_000), registered);
        TaskWatchdogProcess.apply("+ 1 2 3", registered);
        TaskWatchdogProcess.apply("+ 1", registered);
        TaskWatchdogProcess.apply("garbage", registered);

        assertThat(registered).containsOnlyKeys(other.pid());
        assertThat(TaskWatchdogProcess.alive(registered)).isEmpty();
        TaskWatchdogProcess.apply("+ " + other.pid() + " " + start, registered);
        assertThat(TaskWatchdogProcess.alive(registered)).extracting(ProcessHandle::pid).containsExactly(other.pid());
        TaskWatchdogProcess.apply("- " + other.pid() + " " + (start - 60_000), registered);
        assertThat(registered).containsOnlyKeys(other.pid());
        TaskWatchdogProcess.apply("- " + other.pid() + " " + start, registered);
        assertThat(registered).isEmpty();
    }

    private List<String> hostCommand() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WatchdogHost.class.getName(), work.toString()));
        return command;
    }

    private Process start(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("out-" + started.size()).toFile()).start();
        started.add(process);
        return process;
    }

    private Map<String, Long> awaitPids(Process host, String... names) {
        Path out = work.resolve("out-" + started.indexOf(host));
        Map<String, Long> pids = new LinkedHashMap<>();
        await().atMost(DEATH).until(() -> {
            for (String line : Files.readAllLines(out)) {
                String[] parts = line.split("=");
                if (parts.length == 2 && List.of(names).contains(parts[0])) {
                    pids.put(parts[0], Long.parseLong(parts[1].strip()));
                }
            }
            return pids.size() == names.length;
        });
        return pids;
    }

    private static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
    }

    /**
     * Stands in for a scheduler: starts a task that starts a child, registers the task with a watchdog, prints the
     * pids, and waits to be killed.
     */
    public static final class WatchdogHost {

        public static void main(String[] args) throws Exception {
            Path work = Path.of(args[0]);
            Process task = new ProcessBuilder("bash", "-c", "sleep 600 & echo $! > child; wait")
                    .directory(work.toFile()).start();
            TaskWatchdog watchdog = new TaskWatchdog(TaskWatchdog.commandFor(GRACE));
            watchdog.register(task.toHandle());
            Path child = work.resolve("child");
            while (!Files.exists(child) || Files.readString(child).isBlank()) {
                Thread.onSpinWait();
            }
            System.out.println("task=" + task.pid());
            System.out.println("child=" + Files.readString(child).strip());
            System.out.println("watchdog=" + watchdog.pid().orElseThrow());
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }
}
