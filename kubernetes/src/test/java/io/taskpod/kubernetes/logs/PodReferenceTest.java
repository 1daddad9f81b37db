package io.taskpod.kubernetes.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodReferenceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "default/etl-load-3vbyw43z00ot3 | default | etl-load-3vbyw43z00ot3",
        "team-a/a.b-c                   | team-a  | a.b-c",
        "local:host-1:4242              | -       | -",
        "LocalExecutor/start-1          | -       | -",
        "default/                       | -       | -",
        "/pod                           | -       | -",
        "default/Pod_Name               | -       | -",
    })
    void anExternalExecutorIdNamesAPodOnlyAsNamespaceSlashName(String id, String namespace, String name) {
        Optional<PodReference> expected = namespace == null ? Optional.empty()
                : Optional.of(new PodReference(namespace, name));

        assertThat(PodReference.parse(id)).isEqualTo(expected);
    }
}
