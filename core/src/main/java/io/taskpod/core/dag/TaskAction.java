package io.taskpod.core.dag;

import java.util.List;

/** What a task runs: a bash script or an argv command. */
public sealed interface TaskAction {

    /** A script run with {@code bash -c}. */
    record Bash(String script) implements TaskAction {}

    /** A command run directly (no shell), first element is the program. */
    record Command(List<String> argv) implements TaskAction {
        public Command {
            argv = List.copyOf(argv);
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("command must have at least one element");
            }
        }
    }
}
