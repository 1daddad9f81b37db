package io.taskpod.kubernetes;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taskpod.kubernetes.executor.KubernetesExecutor;
import io.taskpod.kubernetes.executor.KubernetesExecutorBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Where the kubernetes module may use the fabric8 client ({@code io.fabric8.kubernetes.client..}). Its model types
 * ({@code io.fabric8.kubernetes.api.model..}: Pod, Status, …) are taskpod's vocabulary too and may be used anywhere.
 * And the module stays made of small parts: no class over 350 lines, no constructor over 7 parameters.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.taskpod.kubernetes");

    @Test
    void onlyTheApiSeamTheClientFactoryAndTheExecutorsEntryUseTheFabric8Client() {
        ArchRule rule = noClasses()
                .that().resideOutsideOfPackages("io.taskpod.kubernetes.api..", "io.taskpod.kubernetes.config..")
                .and().doNotBelongToAnyOf(KubernetesExecutor.class, KubernetesExecutorBuilder.class)
                .should().dependOnClassesThat(resideInAPackage("io.fabric8.kubernetes.client..")
                        .and(not(equivalentTo(KubernetesSerialization.class))))
                .because("the API server is reached only through the KubernetesApi seam (api), so every call can be"
                        + " faked and every error is a KubernetesApiException; config builds the client from"
                        + " [kubernetes_executor]; the executor's builder takes the client the application made and"
                        + " the executor closes the one it owns. The watchers need no client type: the seam hands them"
                        + " pods, bookmarks and closes. KubernetesSerialization only turns model types into YAML/JSON.");
        rule.check(MAIN);
    }

    @Test
    void noConstructorTakesMoreThanSevenParameters() {
        List<String> wide = MAIN.stream().flatMap(type -> type.getConstructors().stream())
                .filter(constructor -> constructor.getRawParameterTypes().size() > 7)
                .map(JavaConstructor::getFullName)
                .toList();
        assertThat(wide).as("a part that needs more than 7 collaborators or values does more than one job: split it,"
                + " or group the values into a record per concern").isEmpty();
    }

    @Test
    void noClassIsLongerThan350Lines() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<String> tooLong = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> lineCount(file) > 350)
                    .map(file -> file + ": " + lineCount(file) + " lines")
                    .toList();
            assertThat(tooLong).as("classes over 350 lines: split by job").isEmpty();
        }
    }

    private static long lineCount(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
