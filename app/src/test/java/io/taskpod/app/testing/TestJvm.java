package io.taskpod.app.testing;

import java.nio.file.Path;
import java.util.List;

/** Starts a main class of the tests' class path in a new JVM, with options for a short-lived one. */
public final class TestJvm {

    private TestJvm() {}

    /** {@code java [options] -cp <this class path> MAIN}. */
    public static List<String> command(Class<?> main) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp",
                System.getProperty("java.class.path"), main.getName());
    }
}
