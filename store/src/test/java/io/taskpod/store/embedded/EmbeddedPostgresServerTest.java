package io.taskpod.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmbeddedPostgresServerTest {

    @TempDir
    Path home;

    private Path data() {
        return home.resolve("db");
    }

    private EmbeddedPostgresServer start() {
        return EmbeddedPostgresServer.startOrAttach(data(), 0, "taskpod", home.resolve("logs/postgres.log"));
    }

    private static void execute(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), "taskpod", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), "taskpod", "");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void keepsItsDataAndItsPortBetweenRuns() throws Exception {
        int port;
        try (EmbeddedPostgresServer server = start()) {
            assertThat(server.isOwner()).isTrue();
            assertThat(server.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:" + server.port() + "/taskpod");
            execute(server, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
            port = server.port();
        }
        assertThat(Files.readString(data().resolve(EmbeddedPostgresServer.PORT_FILE))).isEqualTo(Integer.toString(port));

        try (EmbeddedPostgresServer again = start()) {
            assertThat(again.port()).isEqualTo(port);
            assertThat(count(again, "SELECT v FROM kept")).isEqualTo(42);
        }
    }

    @Test
    void startsAfterACrashLeftAStalePidFile() throws Exception {
        try (EmbeddedPostgresServer server = start()) {
            execute(server, "CREATE TABLE before_crash (v int)");
        }
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.write(data().resolve("postmaster.pid"), List.of(Long.toString(gone.pid()), data().toString(), "0", "1"));

        try (EmbeddedPostgresServer server = start()) {
            assertThat(server.isOwner()).isTrue();
            assertThat(count(server, "SELECT count(*) FROM before_crash")).isZero();
        }
    }

    @Test
    void aSecondProcessAttachesToTheRunningServerAndLeavesItRunning() throws Exception {
        try (EmbeddedPostgresServer owner = start()) {
            try (EmbeddedPostgresServer attached = start()) {
                assertThat(attached.isOwner()).isFalse();
                assertThat(attached.port()).isEqualTo(owner.port());
                execute(attached, "CREATE TABLE shared (v int)");
            }
            assertThat(count(owner, "SELECT count(*) FROM shared")).isZero();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "4242\\n/data\\n1700000000\\n5433\\nlocalhost | 4242 | 5433",
        "4242 | 4242 | ",
        "4242\\n/data\\n1700000000\\n | 4242 | ",
    })
    void readsThePidAndPortOfAPidFile(String content, long pid, Integer port) {
        PostmasterPidFile parsed = PostmasterPidFile.parse(List.of(content.split("\\\\n"))).orElseThrow();

        assertThat(parsed.pid()).isEqualTo(pid);
        assertThat(parsed.port().orElse(null)).isEqualTo(port);
    }

    @ParameterizedTest
    @CsvSource({"''", "garbage", "-1", "0"})
    void aDamagedPidFileReadsAsNone(String firstLine) {
        assertThat(PostmasterPidFile.parse(List.of(firstLine))).isEmpty();
    }
}
