package io.taskpod.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.model.TaskInstanceKey;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link BaseExecutor#backlogDueIn()}: the scheduler heartbeats again at once only while a queued workload could start. */
class BaseExecutorBacklogTest {

    /** Starts nothing by itself: what {@link #executeAsync} gets stays owned until the test finishes it. */
    private static final class Holding extends BaseExecutor {
        Holding(int parallelism) {
            super("Holding", parallelism);
        }

        @Override
        protected void executeAsync(ExecuteTask workload) {
        }

        @Override
        public void sync() {
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }

        @Override
        public void terminate() {
        }
    }

    private static ExecuteTask workload(String taskId, int tryNumber) {
        TaskInstanceKey key = new TaskInstanceKey("dag", taskId, "run", tryNumber, -1);
        return new ExecuteTask(key, "default", 1, Optional.empty(), Map.of(), 1, WorkerCommand.forLaunch(key, 1));
    }

    @Test
    void aQueuedWorkloadWithAFreeSlotIsDueNowAndNothingElseIs() {
        Holding executor = new Holding(2);
        assertThat(executor.backlogDueIn()).as("nothing queued").isEmpty();

        executor.queueWorkload(workload("a", 1));
        executor.queueWorkload(workload("b", 1));
        executor.queueWorkload(workload("c", 1));
        assertThat(executor.backlogDueIn()).as("queued, slots free").contains(Duration.ZERO);

        executor.heartbeat();
        assertThat(executor.queuedTasks()).hasSize(1);
        assertThat(executor.backlogDueIn()).as("queued, but every slot is taken").isEmpty();

        executor.success(workload("a", 1).key(), "done");
        assertThat(executor.backlogDueIn()).as("a slot freed").contains(Duration.ZERO);
    }

    @Test
    void aWorkloadWhoseTryIsStillOwnedIsNotDue() {
        Holding executor = new Holding(4);
        executor.queueWorkload(workload("a", 1));
        executor.heartbeat();

        executor.queueWorkload(workload("a", 1));

        assertThat(executor.backlogDueIn()).as("the earlier launch of the same try is not reported yet").isEmpty();
    }
}
