package io.taskpod.app.standalone;

import io.taskpod.app.dag.DagFileLoader;
import io.taskpod.app.scheduler.DagRunPlanner;
import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import io.taskpod.core.dag.Schedule;
import io.taskpod.store.run.DagRunRepository;
import io.taskpod.store.run.NewDagRun;
import io.taskpod.store.run.RunKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runs standalone mode triggers so that a first-time user sees work happen: one run of each bundled example
 * DAG that has no schedule (scheduled ones run on their own) and has never run in this database.
 */
public final class ExampleRuns {

    private ExampleRuns() {}

    /** The example DAGs to trigger, given which DAGs already have runs. */
    public static List<Dag> toTrigger(DagBag bag, Map<String, Boolean> hasRuns) {
        return bag.dags().values().stream()
                .filter(dag -> dag.relativeFileloc().startsWith(DagFileLoader.CLASSPATH_PREFIX))
                .filter(dag -> dag.schedule() instanceof Schedule.None)
                .filter(dag -> !hasRuns.getOrDefault(dag.dagId(), false))
                .toList();
    }

    /** Creates the runs; returns their keys. */
    public static List<RunKey> trigger(DagBag bag, DagRunRepository runs, Instant now) {
        List<RunKey> created = new ArrayList<>();
        for (Dag dag : toTrigger(bag, runs.hasRuns(bag.dags().keySet()))) {
            NewDagRun run = DagRunPlanner.manual(dag, Optional.empty(), Optional.empty(), "standalone", now);
            if (runs.create(run, DagRunPlanner.taskInstances(dag))) {
                created.add(run.key());
            }
        }
        return created;
    }
}
