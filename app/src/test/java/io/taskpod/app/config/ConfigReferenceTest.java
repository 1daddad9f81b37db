package io.taskpod.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {

    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");

    @Test
    void docsConfigurationMdListsEveryKeyAsTheCodeDefinesIt() throws IOException {
        String generated = ConfigReference.markdown(ConfigLoader.schema());

        assertThat(Files.readString(REFERENCE))
                .as("docs/configuration.md is out of date; regenerate it with: ./taskpod config reference > docs/configuration.md")
                .isEqualTo(generated);
    }
}
