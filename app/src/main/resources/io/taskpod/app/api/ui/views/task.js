// A task instance: its state and failure reason, its tries with their logs, and its transitions (who moved it to which
// state, and why). A mapped task without a map index shows the list of its map indices.
import { badge, duration, el, facts, link, logPath, path, replace, table, taskInstancePath, taskLabel, time } from "../dom.js";
import { dagUrl, get, taskUrl } from "../api.js";
import { actionButton, clear, markTask, readOnlyNote } from "../actions.js";
import { polled } from "./polled.js";

async function load(route) {
  const run = await get(dagUrl(route.dagId, "runs", route.runId, "tasks"));
  const instances = run.task_instances.filter(ti => ti.task_id === route.taskId);
  const mapped = instances.some(ti => ti.map_index >= 0);
  if (mapped && route.mapIndex === undefined) return { run: run.run, mapped: instances };
  const mapIndex = route.mapIndex === undefined ? -1 : route.mapIndex;
  const [detail, transitions] = await Promise.all([
    get(taskUrl(route.dagId, route.runId, route.taskId, null, mapIndex)),
    get(taskUrl(route.dagId, route.runId, route.taskId, "transitions", mapIndex))]);
  return { run: run.run, detail, transitions: transitions.transitions };
}

function actions(ctx, ti, mapIndex) {
  return el("div", { class: "actions" },
    actionButton(ctx, "Clear…", "clear", () => clear(ctx, ti.dag_id, ti.run_id, [ti.task_id])),
    actionButton(ctx, "Mark success…", "mark-success",
      () => markTask(ctx, ti.dag_id, ti.run_id, ti.task_id, mapIndex, "success"), { disabled: ti.state === "success" }),
    actionButton(ctx, "Mark failed…", "mark-failed",
      () => markTask(ctx, ti.dag_id, ti.run_id, ti.task_id, mapIndex, "failed"), { disabled: ti.state === "failed" }));
}

function mappedList(ctx, route, data) {
  const first = data.mapped[0];
  return [
    el("h1", null, route.taskId, " ", el("span", { class: "muted" }, data.mapped.length + " map indices")),
    el("p", null, "Run ", link(path("dags", route.dagId, "runs", route.runId), route.runId), " ", badge(data.run.state)),
    actions(ctx, Object.assign({}, first, { state: null }), undefined),
    readOnlyNote(ctx),
    table(["map index", "state", "try", "started", "duration", "failure reason"], data.mapped.map(ti => [
      link(taskInstancePath(ti.dag_id, ti.run_id, ti.task_id, ti.map_index), taskLabel(ti.task_id, ti.map_index),
        { "data-map-index": String(ti.map_index) }),
      badge(ti.state), ti.try_number + " / " + ti.max_tries, time(ti.started_at), duration(ti.started_at, ti.ended_at),
      ti.failure_reason || ""]), { id: "map-indices" }),
  ];
}

function detail(ctx, route, data) {
  const ti = data.detail.task_instance;
  return [
    el("h1", null, taskLabel(ti.task_id, ti.map_index), " ", badge(ti.state, { id: "ti-state" })),
    el("p", null, "Run ", link(path("dags", route.dagId, "runs", route.runId), route.runId), " ", badge(data.run.state)),
    ti.failure_reason ? el("div", { class: "reason", id: "failure-reason" }, ti.failure_reason) : null,
    actions(ctx, ti, ti.map_index),
    readOnlyNote(ctx),
    facts([
      ["try", ti.try_number + " of " + ti.max_tries], ["executor", ti.executor], ["queue", ti.queue],
      ["runs in", ti.external_executor_id ? el("code", null, ti.external_executor_id) : null],
      ["hostname", ti.hostname], ["queued", time(ti.queued_at)], ["started", time(ti.started_at)],
      ["ended", time(ti.ended_at)], ["last heartbeat", time(ti.last_heartbeat_at)],
    ]),
    el("h2", null, "Tries"),
    data.detail.tries.length ? table(["try", "state", "started", "ended", "duration", "log"], data.detail.tries.map(t => [
      String(t.try_number), badge(t.state), time(t.started_at), time(t.ended_at), duration(t.started_at, t.ended_at),
      link(logPath(ti.dag_id, ti.run_id, ti.task_id, ti.map_index, t.try_number), "log of try " + t.try_number,
        { "data-log-try": String(t.try_number) }),
    ]), { id: "tries" }) : el("p", { class: "muted" }, "Not tried yet."),
    el("h2", null, "Transitions"),
    table(["at", "try", "from", "to", "by", "reason"], data.transitions.map(t => [
      time(t.changed_at), String(t.try_number), t.from ? badge(t.from) : "", badge(t.to), t.changed_by || "",
      t.reason || ""]), { id: "transitions" }),
  ];
}

export function taskView(ctx, route) {
  const view = polled(() => load(route), (root, data) =>
    replace(root, data.mapped ? mappedList(ctx, route, data) : detail(ctx, route, data)));
  const label = taskLabel(route.taskId, route.mapIndex === undefined ? -1 : route.mapIndex);
  return Object.assign(view, {
    title: label + " · " + route.runId,
    crumbs: [[route.dagId, path("dags", route.dagId, "grid")], [route.runId, path("dags", route.dagId, "runs", route.runId)],
      [label, taskInstancePath(route.dagId, route.runId, route.taskId, route.mapIndex)]],
  });
}
