package io.taskpod.app.api;

import io.javalin.http.Context;
import io.taskpod.core.dag.DagBag;
import io.taskpod.store.dag.DagRecord;
import io.taskpod.store.dag.DagRepository;
import io.taskpod.store.run.DagRunRecord;
import io.taskpod.store.run.DagRunRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/dags}: the DAGs of the DAGs folder with what the database knows of them and their newest runs, and
 * the load errors.
 */
final class DagsEndpoint {

    private final DagBagCache dags;
    private final DagRepository rows;
    private final DagRunRepository runs;

    DagsEndpoint(DagBagCache dags, DagRepository rows, DagRunRepository runs) {
        this.dags = dags;
        this.rows = rows;
        this.runs = runs;
    }

    void list(Context ctx) {
        DagBag bag = dags.current();
        Map<String, DagRecord> stored = rows.list().stream()
                .collect(Collectors.toMap(DagRecord::dagId, Function.identity()));
        Map<String, List<DagRunRecord>> recent = runs.recentByDag(ApiViews.RECENT_RUNS);
        ctx.json(new ApiViews.DagList(
                bag.dags().values().stream()
                        .map(dag -> ApiViews.DagView.of(dag, Optional.ofNullable(stored.get(dag.dagId())),
                                recent.getOrDefault(dag.dagId(), List.of()))).toList(),
                bag.errors().stream().map(ApiViews.LoadErrorView::of).toList()));
    }
}
