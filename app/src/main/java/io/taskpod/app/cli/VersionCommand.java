package io.taskpod.app.cli;

import io.taskpod.core.config.TaskpodVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code taskpod version}: prints the version of this build. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print taskpod's version.")
public final class VersionCommand implements Runnable {

    @Override
    public void run() {
        System.out.println(version());
    }

    static String version() {
        return TaskpodVersion.current();
    }

    /** Supplies {@code --version}. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"taskpod " + version()};
        }
    }
}
