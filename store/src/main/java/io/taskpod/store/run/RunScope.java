package io.taskpod.store.run;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Which DAG runs a scheduler works on: every run except {@code dags test} runs (a normal scheduler), or exactly
 * one run (the in-process loop of {@code dags test}, which no other scheduler touches).
 */
public sealed interface RunScope {

    /** Every scheduled and manual run. */
    RunScope ALL_EXCEPT_TEST = new AllExceptTest();

    static RunScope only(RunKey run) {
        return new SingleRun(run);
    }

    /** An SQL condition on the {@code dag_run} table under {@code alias}, with the placeholders {@link #bind} fills. */
    String condition(String alias);

    /** Binds the condition's parameters starting at {@code index}; returns the next free index. */
    int bind(PreparedStatement statement, int index) throws SQLException;

    /** Whether paused DAGs are left alone ({@code dags test} runs a paused DAG all the same, as Airflow's does). */
    boolean respectsPause();

    /** Every run whose type is not {@code test}. */
    record AllExceptTest() implements RunScope {
        @Override
        public String condition(String alias) {
            return alias + ".run_type <> 'test'";
        }

        @Override
        public int bind(PreparedStatement statement, int index) {
            return index;
        }

        @Override
        public boolean respectsPause() {
            return true;
        }
    }

    /** One run. */
    record SingleRun(RunKey run) implements RunScope {
        @Override
        public String condition(String alias) {
            return "(" + alias + ".dag_id = ? AND " + alias + ".run_id = ?)";
        }

        @Override
        public int bind(PreparedStatement statement, int index) throws SQLException {
            statement.setString(index, run.dagId());
            statement.setString(index + 1, run.runId());
            return index + 2;
        }

        @Override
        public boolean respectsPause() {
            return false;
        }
    }
}
