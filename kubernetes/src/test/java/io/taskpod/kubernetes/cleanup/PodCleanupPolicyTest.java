package io.taskpod.kubernetes.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodCleanupPolicyTest {

    @ParameterizedTest(name = "{0}, delete_worker_pods={1}, on_failure={2}, gone={3} -> {4}")
    @CsvSource(textBlock = """
            SUCCEEDED,    true,  false, false, DELETE
            SUCCEEDED,    true,  true,  false, DELETE
            SUCCEEDED,    false, false, false, LABEL_DONE
            SUCCEEDED,    false, true,  false, LABEL_DONE
            FAILED,       true,  false, false, LABEL_DONE
            FAILED,       true,  true,  false, DELETE
            FAILED,       false, false, false, LABEL_DONE
            FAILED,       false, true,  false, LABEL_DONE
            MUST_NOT_RUN, true,  false, false, DELETE
            MUST_NOT_RUN, false, false, false, DELETE
            REVOKED,      true,  true,  false, REVOKE
            REVOKED,      false, false, false, REVOKE
            SUCCEEDED,    true,  false, true,  NOTHING
            FAILED,       false, false, true,  NOTHING
            MUST_NOT_RUN, true,  true,  true,  NOTHING
            """)
    void decides(PodFinish finish, boolean deletePods, boolean deleteOnFailure, boolean gone, CleanupAction expected) {
        assertThat(new PodCleanupPolicy(deletePods, deleteOnFailure).decide(finish, gone)).isEqualTo(expected);
    }
}
