package io.taskpod.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.kubernetes.KubernetesSyntax;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class LabelValuesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            my_dag_id                                | my_dag_id
            a.b-c_d                                  | a.b-c_d
            dag*                                     | dag-6b24921d4
            task*                                    | task-b6aca8991
            -abc-                                    | abc-773004ce1
            scheduled__2024-01-01T00:00:00+00:00     | scheduled__2024-01-01T0000000000-654f198ec
            """)
    void keepsAirflowsShapeForPlainIds(String id, String expected) {
        assertThat(LabelValues.safe(id)).isEqualTo(expected);
    }

    static Stream<String> awkwardIds() {
        return Stream.of("影師嗎", "Компьютер", "café_crème", "ß", "-", "__", "a b c", "🙂 emoji 🙂", "x".repeat(64),
                "a".repeat(52) + "_" + "b".repeat(20), "Ünïcödé-" + "é".repeat(100), "", "ok.");
    }

    @ParameterizedTest
    @MethodSource("awkwardIds")
    void anyIdBecomesAValidLabelValue(String id) {
        String value = LabelValues.safe(id);
        assertThat(KubernetesSyntax.isLabelValue(value)).as("'%s' from '%s'", value, id).isTrue();
        assertThat(value.length()).isLessThanOrEqualTo(63);
    }

    @Test
    void longIdsAreCutAndHashedLikeAirflow() {
        assertThat(LabelValues.safe("my_dag_id_" + "a".repeat(64))).isEqualTo("my_dag_id_" + "a".repeat(43) + "-0ce114c45");
    }

    @Test
    void nonAsciiIdsAreTransliteratedAndStayDistinct() {
        assertThat(LabelValues.safe("café")).startsWith("cafe-");
        assertThat(LabelValues.safe("影師嗎")).matches("[0-9a-f]{9}");
        assertThat(LabelValues.safe("影師嗎")).isNotEqualTo(LabelValues.safe("影師"));
    }
}
