package io.taskpod.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** What core may and may not reach: the bottom of the module graph, pure model and decisions. */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.taskpod.core");

    @Test
    void coreUsesNoIoLibrary() {
        noClasses().that().resideInAPackage("io.taskpod.core..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "java.net.http..",
                        "io.fabric8..", "io.javalin..", "io.vertx..", "okhttp3..", "org.apache.hc..",
                        "software.amazon..", "com.zaxxer..", "org.postgresql..", "org.flywaydb..",
                        "com.fasterxml.jackson..")
                .because("core is the model, the executor contract and typed configuration: the database, the "
                        + "cluster, HTTP and object storage are reached through its ports, implemented in store, "
                        + "kubernetes and app")
                .check(CORE);
    }

    @Test
    void coreDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("io.taskpod.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.taskpod.store..", "io.taskpod.kubernetes..",
                        "io.taskpod.app..", "io.taskpod.testkit..")
                .because("dependencies point one way, core at the bottom (docs/architecture.md)")
                .check(CORE);
    }

    @Test
    void modelConfigurationAndDagsDependOnNoOtherCorePackage() {
        noClasses().that().resideInAnyPackage("io.taskpod.core.model..", "io.taskpod.core.config..",
                        "io.taskpod.core.dag..")
                .should().dependOnClassesThat().resideInAnyPackage("io.taskpod.core.executor..",
                        "io.taskpod.core.port..", "io.taskpod.core.log..", "io.taskpod.core.retry..")
                .because("the model, the DAG and the configuration are what every other package builds on")
                .check(CORE);
    }

    @Test
    void corePackagesFormNoCycle() {
        slices().matching("io.taskpod.core.(*)..").should().beFreeOfCycles()
                .because("a package cycle makes neither side understandable or testable alone")
                .check(CORE);
    }
}
