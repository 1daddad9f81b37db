package io.taskpod.app.scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link SchedulerHarness} per test, made on first use (a fresh database, task logs in a folder of its own) and
 * closed after the test with its log folder: {@code @RegisterExtension final SchedulerHarnessExtension harness =
 * new SchedulerHarnessExtension();}, then {@code harness.get()}.
 */
final class SchedulerHarnessExtension implements AfterEachCallback {

    private SchedulerHarness harness;
    private Path logFolder;

    /** This test's harness. */
    SchedulerHarness get() {
        if (harness == null) {
            try {
                logFolder = Files.createTempDirectory("taskpod-scheduler-test-logs");
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the test's log folder", e);
            }
            harness = new SchedulerHarness(logFolder);
        }
        return harness;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (harness != null) {
            harness.close();
            harness = null;
        }
        if (logFolder != null) {
            try (Stream<Path> files = Files.walk(logFolder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
            logFolder = null;
        }
    }
}
