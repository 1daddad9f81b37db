// A DAG: its header and actions, and the tabs grid, graph, runs and code, each at its own address.
import { badge, duration, el, link, path, replace, table, time } from "../dom.js";
import { dagUrl, get, getText } from "../api.js";
import { actionButton, endRun, readOnlyNote, togglePause, trigger } from "../actions.js";
import { polled } from "./polled.js";
import { grid } from "./grid.js";
import { graph } from "./graph.js";

export const TABS = ["grid", "graph", "runs", "code"];
const GRID_RUNS = 25;
const RUN_LIST = 50;

function header(ctx, dag, tab) {
  return [
    el("h1", null, dag.dag_id, " ", dag.is_paused ? el("span", { class: "badge", "data-paused": true }, "paused") : null),
    dag.description ? el("p", { class: "muted" }, dag.description) : null,
    el("div", { class: "actions" },
      actionButton(ctx, "Trigger…", "trigger", () => trigger(ctx, dag.dag_id)),
      dag.is_paused === null ? null : actionButton(ctx, dag.is_paused ? "Unpause…" : "Pause…", "pause",
        () => togglePause(ctx, dag), { "data-paused": String(dag.is_paused) }),
      el("span", { class: "muted" }, "schedule ", el("code", null, dag.schedule || "none"), " · next run ",
        time(dag.next_dagrun), " · ", el("code", null, dag.file))),
    readOnlyNote(ctx),
    el("nav", { class: "tabs", "aria-label": "DAG views" }, TABS.map(name => link(path("dags", dag.dag_id, name),
      name[0].toUpperCase() + name.slice(1), { "aria-current": name === tab ? "page" : null, "data-tab": name }))),
  ];
}

function runsTable(ctx, runs) {
  return table(["run", "state", "type", "logical date", "started", "duration", "by", ""], runs.map(run => [
    link(path("dags", run.dag_id, "runs", run.run_id), run.run_id, { "data-run": run.run_id }),
    badge(run.state),
    run.run_type,
    time(run.logical_date),
    time(run.started_at),
    duration(run.started_at, run.ended_at),
    run.created_by || "",
    run.state === "queued" || run.state === "running"
      ? actionButton(ctx, "Cancel…", "cancel", () => endRun(ctx, run, "cancel"), { "data-key": "cancel-" + run.run_id })
      : "",
  ]), { id: "run-list" }, [null, "10em", "7em", "12em", "12em", "6em", "10em", "8em"]);
}

async function load(dagId, tab, runParam) {
  const dag = get(dagUrl(dagId));
  switch (tab) {
    case "grid":
      return { dag: await dag, grid: await get(dagUrl(dagId, "grid") + "?limit=" + GRID_RUNS) };
    case "graph":
      return { dag: await dag, tasks: await get(dagUrl(dagId, "tasks")),
        grid: await get(dagUrl(dagId, "grid") + "?limit=" + GRID_RUNS), run: runParam };
    case "runs":
      return { dag: await dag, runs: await get(dagUrl(dagId, "runs") + "?limit=" + RUN_LIST) };
    default:
      return { dag: await dag, source: await getText(dagUrl(dagId, "source")) };
  }
}

function body(ctx, tab, data) {
  switch (tab) {
    case "grid":
      return grid(data.grid);
    case "graph":
      return graph(ctx, data.dag.dag_id, data.tasks, data.grid, data.run);
    case "runs":
      return data.runs.runs.length ? runsTable(ctx, data.runs.runs) : el("p", { class: "muted" }, "No runs yet.");
    default:
      return el("pre", { class: "code", "data-source": true, "data-scroll-key": "source" }, data.source);
  }
}

export function dagView(ctx, route) {
  const view = polled(() => load(route.dagId, route.tab, route.query.get("run")), (root, data) =>
    replace(root, header(ctx, data.dag, route.tab), body(ctx, route.tab, data)));
  return Object.assign(view, {
    title: route.dagId + " · " + route.tab,
    crumbs: [[route.dagId, path("dags", route.dagId, "grid")]],
  });
}
