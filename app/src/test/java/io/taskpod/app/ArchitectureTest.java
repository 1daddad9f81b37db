package io.taskpod.app;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Where each module and app package may reach (docs/architecture.md): the module layering, the app packages' own
 * layering, and the few classes allowed to touch an outside library. Core's own rules are in core's
 * {@code ArchitectureTest}.
 */
class ArchitectureTest {

    private static final JavaClasses TASKPOD = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.taskpod");

    @Test
    void storeSeesOnlyCore() {
        noClasses().that().resideInAPackage("io.taskpod.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.taskpod.app..", "io.taskpod.kubernetes..")
                .because("the store implements core's ports over PostgreSQL and knows nothing of who calls it")
                .check(TASKPOD);
    }

    @Test
    void kubernetesNeverSeesTheDatabase() {
        noClasses().that().resideInAPackage("io.taskpod.kubernetes..")
                .should().dependOnClassesThat().resideInAnyPackage("io.taskpod.store..", "io.taskpod.app..",
                        "java.sql..", "javax.sql..")
                .because("the Kubernetes executor reaches the database only through core's ports "
                        + "(ResourceVersionStore, TaskStateLookup, TryTokenIssuer), which store implements")
                .check(TASKPOD);
    }

    @Test
    void mainCodeNeverUsesTheTestkit() {
        noClasses().that().resideInAnyPackage("io.taskpod.core..", "io.taskpod.store..", "io.taskpod.kubernetes..",
                        "io.taskpod.app..")
                .should().dependOnClassesThat().resideInAPackage("io.taskpod.testkit..")
                .because("the testkit (test API server, kubelet, PostgreSQL) is on the test classpath only")
                .check(TASKPOD);
    }

    @Test
    void appPackagesFormNoCycle() {
        slices().matching("io.taskpod.app.(*)..").should().beFreeOfCycles()
                .because("each app package can then be read, tested and changed on its own")
                .check(TASKPOD);
    }

    @Test
    void theApiDoesNotReachIntoTheWorker() {
        noClasses().that().resideInAPackage("io.taskpod.app.api..")
                .should().dependOnClassesThat().resideInAPackage("io.taskpod.app.worker..")
                .because("running a try is the worker's; the API serves the store and reads logs through app.logs")
                .check(TASKPOD);
    }

    @Test
    void theSchedulerLoopDependsOnNoOtherAppPackage() {
        noClasses().that().resideInAPackage("io.taskpod.app.scheduler..")
                .should().dependOnClassesThat(resideInAPackage("io.taskpod.app..")
                        .and(not(resideInAPackage("io.taskpod.app.scheduler.."))))
                .because("the loop works on the store and core's Executor contract; runtime wires it, so the "
                        + "loop is tested without a CLI, an API or a real executor")
                .check(TASKPOD);
    }

    @Test
    void dagParsingDependsOnNoOtherAppPackage() {
        noClasses().that().resideInAPackage("io.taskpod.app.dag..")
                .should().dependOnClassesThat(resideInAPackage("io.taskpod.app..")
                        .and(not(resideInAPackage("io.taskpod.app.dag.."))))
                .because("a DAG file is read the same way by the scheduler, the API, the CLI and the worker")
                .check(TASKPOD);
    }

    @Test
    void onlyTheApiServesHttp() {
        noClasses().that().resideOutsideOfPackage("io.taskpod.app.api..")
                .should().dependOnClassesThat().resideInAPackage("io.javalin..")
                .because("Javalin is the API server's; everything else is reachable without it")
                .check(TASKPOD);
    }

    @Test
    void fabric8sClientOnlyWhereACommandOrTheWiringNeedsACluster() {
        noClasses().that().resideInAPackage("io.taskpod.app..")
                .and().resideOutsideOfPackages("io.taskpod.app.runtime..", "io.taskpod.app.cli..",
                        "io.taskpod.app.logs..")
                .should().dependOnClassesThat().resideInAPackage("io.fabric8.kubernetes.client..")
                .because("the cluster is the kubernetes module's: the scheduler loop, the API and the worker reach it "
                        + "only through the executor; the wiring makes its client, a command or a running pod's log "
                        + "read uses one")
                .check(TASKPOD);
    }

    @Test
    void onlyTheS3LogStoreTouchesTheAwsSdk() {
        noClasses().that().haveNameNotMatching("io\\.taskpod\\.app\\.remotelog\\.S3LogStore(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
                .because("the AWS SDK is loaded only when [logging] remote_logging is on")
                .check(TASKPOD);
    }

    @Test
    void onlyTheExecutionPackageHandlesTokens() {
        noClasses().that().resideOutsideOfPackage("io.taskpod.app.execution..")
                .should().dependOnClassesThat().resideInAPackage("com.nimbusds..")
                .because("per-try tokens are made and checked in one place (TryTokens)")
                .check(TASKPOD);
    }

    @Test
    void onlyTheStoreSpeaksSql() {
        noClasses().that().resideOutsideOfPackages("io.taskpod.store..", "io.taskpod.testkit..",
                        "io.taskpod.app.aot..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.postgresql..",
                        "com.zaxxer.hikari..")
                .because("every state change is a compare-and-set the store's repositories own; the start-up "
                        + "cache's training run (app.aot) is the one exception: it queues its task by hand")
                .check(TASKPOD);
    }
}
