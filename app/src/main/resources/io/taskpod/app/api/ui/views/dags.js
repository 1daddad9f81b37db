// The DAG list: each DAG's recent runs, next scheduled run and paused toggle; load errors folded behind a count.
import { el, link, path, replace, table, time } from "../dom.js";
import { get } from "../api.js";
import { actionButton, readOnlyNote, togglePause } from "../actions.js";
import { polled } from "./polled.js";

const RECENT = 8;
let errorsOpen = false;

function recentRuns(dag) {
  const newestLast = (dag.recent_runs || []).slice(0, RECENT).reverse();
  const slots = [];
  for (let i = newestLast.length; i < RECENT; i++) slots.push(el("span", { class: "empty", "aria-hidden": "true" }));
  newestLast.forEach(run => slots.push(link(path("dags", dag.dag_id, "runs", run.run_id), "", {
    class: "st-" + run.state, title: run.run_id + ": " + run.state, "aria-label": "run " + run.run_id + ": " + run.state,
    "data-run": run.run_id, "data-state": run.state })));
  return el("span", { class: "recent" }, slots);
}

function pauseToggle(ctx, dag) {
  if (dag.is_paused === null) return el("span", { class: "muted", title: "no scheduler has stored this DAG yet" }, "—");
  return actionButton(ctx, dag.is_paused ? "Unpause…" : "Pause…", "pause",
    () => togglePause(ctx, dag), { "data-key": "pause-" + dag.dag_id, "data-paused": String(dag.is_paused),
      "aria-pressed": String(dag.is_paused) });
}

function loadErrors(errors) {
  if (!errors.length) return null;
  const details = el("details", { class: "errors", open: errorsOpen, "data-load-errors": errors.length },
    el("summary", { "data-key": "load-errors" }, errors.length + " DAG file" + (errors.length === 1 ? "" : "s")
      + " did not load"),
    el("ul", null, errors.map(e => el("li", null, e.file + (e.line ? ":" + e.line : "") + ": "
      + (e.field ? e.field + ": " : "") + e.reason))));
  details.addEventListener("toggle", () => { errorsOpen = details.open; });
  return details;
}

export function dagsView(ctx) {
  return Object.assign(polled(() => get("/api/v1/dags"), (root, list) => replace(root,
    el("h1", null, "DAGs"),
    readOnlyNote(ctx),
    loadErrors(list.load_errors),
    list.dags.length === 0 ? el("p", { class: "muted" }, "No DAGs in the DAGs folder yet.") : table(
      ["DAG", "schedule", "recent runs", "next run", "pause", "tags"],
      list.dags.map(dag => [
        el("span", null, link(path("dags", dag.dag_id, "grid"), dag.dag_id, { "data-dag": dag.dag_id }),
          dag.is_paused ? el("span", { class: "badge", "data-paused": true }, "paused") : null,
          dag.description ? el("div", { class: "muted" }, dag.description) : null),
        el("span", { class: "mono" }, dag.schedule || "none"),
        recentRuns(dag),
        time(dag.next_dagrun),
        pauseToggle(ctx, dag),
        dag.tags.join(", "),
      ]), { id: "dag-list" }, [null, "10em", "11em", "12em", "10em", "12em"]))), { title: "DAGs", crumbs: [] });
}
