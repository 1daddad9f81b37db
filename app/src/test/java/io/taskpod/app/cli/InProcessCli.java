package io.taskpod.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine;

/** Runs {@code taskpod args… --config FILE} in the test's JVM, collecting what it prints. */
final class InProcessCli {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** The exit code of {@code taskpod args… --config config}. */
    int run(Path config, String... args) {
        CommandLine commandLine = TaskpodCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        return commandLine.execute(all);
    }

    /** Everything printed to stdout so far. */
    String out() {
        return out.toString();
    }

    /** Everything printed to stderr so far. */
    String err() {
        return err.toString();
    }
}
