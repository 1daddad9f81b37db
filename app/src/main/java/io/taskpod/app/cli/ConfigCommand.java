package io.taskpod.app.cli;

import io.taskpod.app.config.ConfigLoader;
import io.taskpod.app.config.ConfigReference;
import io.taskpod.core.config.Config;
import io.taskpod.core.config.ConfigEntry;
import io.taskpod.core.config.ConfigKey;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code taskpod config get-value SECTION KEY} and {@code taskpod config list}. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Show the configuration in effect.",
        subcommands = {ConfigCommand.GetValue.class, ConfigCommand.ListValues.class, ConfigCommand.Reference.class})
public final class ConfigCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Prints one value. Secrets are printed too (that is what the command is for), never logged. */
    @Command(name = "get-value", mixinStandardHelpOptions = true,
            description = "Print the value in effect of one key (file, environment or default).")
    static final class GetValue implements java.util.concurrent.Callable<Integer> {

        @Mixin
        ConfigOption configOption;

        @Parameters(index = "0", paramLabel = "SECTION")
        String section;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Override
        public Integer call() {
            Config config = configOption.load();
            String sectionName = section.toLowerCase(Locale.ROOT);
            String keyName = key.toLowerCase(Locale.ROOT);
            Optional<String> value = config.rawValue(sectionName, keyName);
            if (value.isEmpty()) {
                boolean known = config.schema().find(sectionName, keyName).isPresent();
                System.err.println("[" + sectionName + "] " + keyName + (known ? " has no value (no default)"
                        : " is not set and is not a known key; known keys in [" + sectionName + "]: "
                                + config.schema().keys(sectionName).stream().map(ConfigKey::name).toList()));
                return 1;
            }
            System.out.println(value.get());
            return 0;
        }
    }

    /** Prints every known key with its value (secrets hidden) and where it came from. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List every key with the value in effect and its origin; secrets are hidden.")
    static final class ListValues implements java.util.concurrent.Callable<Integer> {

        @Mixin
        ConfigOption configOption;

        @CommandLine.Option(names = "--section", description = "Only this section.")
        String onlySection;

        @Override
        public Integer call() {
            Config config = configOption.load();
            String current = null;
            List<ConfigEntry> entries = config.entries();
            for (ConfigEntry entry : entries) {
                if (onlySection != null && !onlySection.equalsIgnoreCase(entry.section())) {
                    continue;
                }
                if (!entry.section().equals(current)) {
                    if (current != null) {
                        System.out.println();
                    }
                    current = entry.section();
                    System.out.println("[" + current + "]");
                }
                System.out.println(entry.key() + " = " + entry.shownValue() + "    # " + entry.origin());
            }
            return 0;
        }
    }

    /** Prints the Markdown reference of every key (docs/configuration.md). */
    @Command(name = "reference", mixinStandardHelpOptions = true,
            description = "Print the Markdown reference of every configuration key.")
    static final class Reference implements Runnable {

        @Override
        public void run() {
            System.out.print(ConfigReference.markdown(ConfigLoader.schema()));
        }
    }
}
