package io.taskpod.app.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which run ids a user may choose, and that the ids taskpod makes itself for manual runs pass. */
class RunIdRuleTest {

    @ParameterizedTest
    @ValueSource(strings = {"r1", "nightly-rerun-1", "manual__by_hand", "a.b~c:d+e-f_g", "MiXeD09"})
    void airflowsAllowedCharactersPass(String runId) {
        assertThat(RunIdRule.problem(runId)).isEmpty();
    }

    @Test
    void theDefaultManualRunIdPasses() {
        assertThat(RunIdRule.problem(RunIds.manual(Instant.parse("2025-03-01T12:34:56.123456789Z")))).isEmpty();
        assertThat(RunIdRule.problem(RunIds.manual(Instant.parse("2025-03-01T00:00:00Z")))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a/b", "run?x=1", "é", "a\nb", "<script>"})
    void otherCharactersAreRejectedNamingTheRuleAndTheValue(String runId) {
        assertThat(RunIdRule.problem(runId)).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("run_id must match " + RunIdRule.PATTERN).endsWith("got '" + runId + "'"));
    }

    @Test
    void atMost250CharactersAreAllowed() {
        assertThat(RunIdRule.problem("r".repeat(RunIdRule.MAX_LENGTH))).isEmpty();
        assertThat(RunIdRule.problem("r".repeat(RunIdRule.MAX_LENGTH + 1))).hasValueSatisfying(problem ->
                assertThat(problem).contains("run_id must be at most 250 characters, got 251"));
    }

    @Test
    void theIdsOfScheduledAndTestRunsAreReserved() {
        Instant date = Instant.parse("2025-01-01T00:00:00Z");

        assertThat(RunIdRule.problem(RunIds.scheduled(date))).hasValueSatisfying(problem -> assertThat(problem)
                .contains("run_id must not start with 'scheduled__'").contains(RunIds.scheduled(date)));
        assertThat(RunIdRule.problem(RunIds.test(date))).hasValueSatisfying(problem -> assertThat(problem)
                .contains("run_id must not start with 'test__'"));
    }
}
