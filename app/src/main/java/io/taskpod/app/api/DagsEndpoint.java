package io.taskpod.app.api;

import io.javalin.http.Context;
import io.taskpod.core.dag.DagBag;
import io.taskpod.store.dag.DagRecord;
import io.taskpod.store.dag.DagRepository;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code GET /api/v1/dags}: the DAGs of the DAGs folder with what the database knows of them, and the load errors. */
final class DagsEndpoint {

    private final DagBagCache dags;
    private final DagRepository rows;

    DagsEndpoint(DagBagCache dags, DagRepository rows) {
        this.dags = dags;
        this.rows = rows;
    }

    void list(Context ctx) {
        DagBag bag = dags.current();
        Map<String, DagRecord> stored = rows.list().stream()
                .collect(Collectors.toMap(DagRecord::dagId, Function.identity()));
        ctx.json(new ApiViews.DagList(
                bag.dags().values().stream()
                        .map(dag -> ApiViews.DagView.of(dag, Optional.ofNullable(stored.get(dag.dagId())))).toList(),
                bag.errors().stream().map(ApiViews.LoadErrorView::of).toList()));
    }
}
