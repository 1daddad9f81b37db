package io.taskpod.app.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskpod.app.remotelog.RemoteLogException;
import io.taskpod.app.remotelog.RemoteLogs;
import io.taskpod.core.config.ConfigException;
import io.taskpod.core.log.TaskLogFiles;
import io.taskpod.core.model.TaskInstance;
import io.taskpod.core.model.TaskInstanceId;
import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.core.model.TaskState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which source {@link TaskLogReader} reads with remote logging: a finished try's remote copy before the local file
 * (which on a scheduler holds only the scheduler's lines), a running try's file or pod first, the remote copy when
 * those fail, and a clear error when the store cannot be read and nothing else can stand in.
 */
class TaskLogReaderRemoteTest {

    private static final TaskInstanceId ID = new TaskInstanceId("dag", "task", "r1", -1);
    private static final TaskInstanceKey TRY_1 = ID.withTry(1);

    @TempDir
    Path folder;

    private final List<TaskInstanceKey> remoteReads = new ArrayList<>();

    private TaskLogReader reader(TaskState state, Optional<String> pod, RemoteCopy remote, boolean podReadable) {
        TaskInstance row = new TaskInstance(TRY_1, state, "default", Optional.empty(), 1, 1, Optional.empty(), pod,
                Optional.empty(), 1, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        return new TaskLogReader(new TaskLogFiles(folder, Clock.systemUTC()), id -> Optional.of(row),
                (missing, reference) -> {
                    if (!podReadable) {
                        throw new ConfigException("[kubernetes_executor] config_file does not exist");
                    }
                    return "pod tail of " + reference;
                },
                Optional.of(key -> {
                    remoteReads.add(key);
                    return remote.read();
                }));
    }

    private void localFile(String text) throws IOException {
        Path file = new TaskLogFiles(folder, Clock.systemUTC()).pathOf(TRY_1);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static RemoteCopy copy(String text) {
        return () -> Optional.of(new RemoteLogs.RemoteCopy("s3://logs/" + TaskLogFiles.relativePathOf(TRY_1), text));
    }

    private static final RemoteCopy NONE = Optional::empty;
    private static final RemoteCopy DOWN = () -> {
        throw new RemoteLogException("could not read s3://logs/x: Connection refused", null);
    };

    @Test
    void aFinishedTryIsReadFromItsRemoteCopyEvenWhenALocalFileHoldsTheSchedulersLines() throws IOException {
        localFile("[t] {kubernetes} pod never started\n");

        TaskLogReader.TaskLog log = reader(TaskState.FAILED, Optional.empty(), copy("whole log"), true)
                .read(ID, Optional.of(1));

        assertThat(log).isInstanceOfSatisfying(TaskLogReader.RemoteLog.class, remote -> {
            assertThat(remote.text()).isEqualTo("whole log");
            assertThat(remote.header()).isEqualTo("*** remote copy s3://logs/dag_id=dag/run_id=r1/task_id=task/attempt=1.log\n");
        });
        assertThat(log.source()).isEqualTo("remote");
    }

    @Test
    void aFinishedTryWithoutARemoteCopyFallsBackToItsFile() throws IOException {
        localFile("local only\n");

        TaskLogReader.TaskLog log = reader(TaskState.SUCCESS, Optional.empty(), NONE, true).read(ID, Optional.empty());

        assertThat(log.source()).isEqualTo("file");
    }

    @Test
    void aRunningTryIsReadFromItsFileWithoutAskingTheStore() throws IOException {
        localFile("still writing\n");

        TaskLogReader.TaskLog log = reader(TaskState.RUNNING, Optional.empty(), copy("older"), true)
                .read(ID, Optional.of(1));

        assertThat(log.source()).isEqualTo("file");
        assertThat(remoteReads).isEmpty();
    }

    @Test
    void aTryRunningInAPodIsReadFromThePodThenFromTheStoreWhenThePodsLogCannotBeRead() {
        assertThat(reader(TaskState.RUNNING, Optional.of("ns/pod-1"), copy("uploaded so far"), true)
                .read(ID, Optional.of(1)).source()).isEqualTo("pod");
        assertThat(remoteReads).isEmpty();

        TaskLogReader.TaskLog log = reader(TaskState.RUNNING, Optional.of("ns/pod-1"), copy("uploaded so far"), false)
                .read(ID, Optional.of(1));

        assertThat(log).isInstanceOfSatisfying(TaskLogReader.RemoteLog.class,
                remote -> assertThat(remote.text()).isEqualTo("uploaded so far"));
    }

    @Test
    void aStoreThatCannotBeReadIsSaidWhenNothingElseHasTheLog() {
        assertThatThrownBy(() -> reader(TaskState.FAILED, Optional.empty(), DOWN, true).read(ID, Optional.of(1)))
                .isInstanceOfSatisfying(TaskLogReader.LogUnavailable.class, e -> {
                    assertThat(e.kind()).isEqualTo(TaskLogReader.LogUnavailable.Kind.REMOTE_UNREADABLE);
                    assertThat(e.reason()).doesNotContain(folder.toString()).contains("remote store could not be read");
                    assertThat(e.getMessage()).contains("Connection refused");
                });
    }

    @Test
    void aStoreThatCannotBeReadIsPassedOverWhenTheFileExists() throws IOException {
        localFile("local copy\n");

        assertThat(reader(TaskState.FAILED, Optional.empty(), DOWN, true).read(ID, Optional.of(1)).source())
                .isEqualTo("file");
    }

    @Test
    void noCopyAnywhereIsNoLog() {
        assertThatThrownBy(() -> reader(TaskState.FAILED, Optional.empty(), NONE, true).read(ID, Optional.of(1)))
                .isInstanceOfSatisfying(TaskLogReader.LogUnavailable.class, e -> assertThat(e.kind())
                        .isEqualTo(TaskLogReader.LogUnavailable.Kind.NO_LOG));
    }

    @FunctionalInterface
    private interface RemoteCopy {
        Optional<RemoteLogs.RemoteCopy> read();
    }
}
