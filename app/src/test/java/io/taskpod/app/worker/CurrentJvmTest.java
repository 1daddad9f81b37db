package io.taskpod.app.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CurrentJvmTest {

    private static final String MAIN = "io.taskpod.app.Taskpod";
    private static final String CWD = Path.of("").toAbsolutePath().toString();

    static Stream<Arguments> jvms() {
        return Stream.of(
                Arguments.of(List.of(), "taskpod.jar",
                        List.of("/jdk/bin/java", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC",
                                "-cp", CWD + "/taskpod.jar", MAIN)),
                Arguments.of(List.of("-Xmx2g", "-XX:SharedArchiveFile=/home/t/cache/t.jsa"), "/opt/taskpod/taskpod.jar",
                        List.of("/jdk/bin/java", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC", "-Xmx2g",
                                "-XX:SharedArchiveFile=/home/t/cache/t.jsa", "-cp", "/opt/taskpod/taskpod.jar", MAIN)),
                Arguments.of(List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=/home/t/cache/taskpod-17.jsa",
                                "-Xshare:auto", "-Xlog:cds=off"), "/opt/taskpod/taskpod.jar",
                        List.of("/jdk/bin/java", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC",
                                "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=/home/t/cache/taskpod-17-worker.jsa",
                                "-Xlog:cds=off", "-cp", "/opt/taskpod/taskpod.jar", MAIN)),
                Arguments.of(List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC", "-Xss1m"), "x.jar",
                        List.of("/jdk/bin/java", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC", "-Xss1m",
                                "-cp", CWD + "/x.jar", MAIN)),
                Arguments.of(List.of("-XX:+UseG1GC", "-agentlib:jdwp=transport=dt_socket,server=y,address=5005"),
                        "/a/classes" + File.pathSeparator + "lib/x.jar",
                        List.of("/jdk/bin/java", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseG1GC", "-cp",
                                "/a/classes" + File.pathSeparator + CWD + "/lib/x.jar", MAIN)));
    }

    @ParameterizedTest
    @MethodSource("jvms")
    void buildsTheCommandThatRunsTaskpodInALikeJvm(List<String> options, String classPath, List<String> expected) {
        assertThat(CurrentJvm.taskpodCommand("/jdk/bin/java", options, classPath)).isEqualTo(expected);
    }
}
