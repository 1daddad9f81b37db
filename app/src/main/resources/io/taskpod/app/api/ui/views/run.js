// A run: its facts, its actions, and its task instances.
import { badge, duration, el, facts, link, logPath, path, replace, table, taskInstancePath, taskLabel, time } from "../dom.js";
import { dagUrl, get } from "../api.js";
import { actionButton, clear, endRun, readOnlyNote } from "../actions.js";
import { polled } from "./polled.js";

function actions(ctx, run) {
  const unfinished = run.state === "queued" || run.state === "running";
  return el("div", { class: "actions" },
    actionButton(ctx, "Cancel run…", "cancel", () => endRun(ctx, run, "cancel"), { disabled: !unfinished }),
    actionButton(ctx, "Mark success…", "mark-run-success", () => endRun(ctx, run, "success"),
      { disabled: run.state === "success" }),
    actionButton(ctx, "Mark failed…", "mark-run-failed", () => endRun(ctx, run, "failed"),
      { disabled: run.state === "failed" }),
    actionButton(ctx, "Clear failed…", "clear-run", () => clear(ctx, run.dag_id, run.run_id, null)),
    link(path("dags", run.dag_id, "graph") + "?run=" + encodeURIComponent(run.run_id), "Graph of this run"));
}

export function runView(ctx, route) {
  const view = polled(() => get(dagUrl(route.dagId, "runs", route.runId, "tasks")), (root, data) => {
    const run = data.run;
    replace(root,
      el("h1", null, "Run ", el("span", { class: "mono" }, run.run_id), " ", badge(run.state, { id: "run-state" })),
      facts([
        ["type", run.run_type], ["logical date", time(run.logical_date)],
        ["data interval", run.data_interval_start ? el("span", null, time(run.data_interval_start), " – ",
          time(run.data_interval_end)) : null],
        ["started", time(run.started_at)], ["ended", time(run.ended_at)],
        ["duration", duration(run.started_at, run.ended_at)], ["created by", run.created_by],
        ["conf", run.conf && Object.keys(run.conf).length ? el("code", null, JSON.stringify(run.conf)) : null],
      ]),
      actions(ctx, run),
      readOnlyNote(ctx),
      el("h2", null, "Task instances"),
      table(["task", "state", "try", "started", "duration", "runs in", "failure reason", "log"],
        data.task_instances.map(ti => [
          link(taskInstancePath(ti.dag_id, ti.run_id, ti.task_id, ti.map_index), taskLabel(ti.task_id, ti.map_index),
            { "data-task": ti.task_id, "data-map-index": String(ti.map_index),
              "data-key": "ti-" + ti.task_id + "-" + ti.map_index }),
          badge(ti.state),
          ti.try_number + " / " + ti.max_tries,
          time(ti.started_at),
          duration(ti.started_at, ti.ended_at),
          el("span", { class: "mono" }, ti.external_executor_id || ti.executor || ""),
          ti.failure_reason || "",
          ti.try_number > 0 ? link(logPath(ti.dag_id, ti.run_id, ti.task_id, ti.map_index, ti.try_number),
            "try " + ti.try_number) : "",
        ]), { id: "task-instances" }, ["16em", "10em", "5em", "12em", "6em", "16em", null, "6em"]));
  });
  return Object.assign(view, {
    title: route.runId + " · " + route.dagId,
    crumbs: [[route.dagId, path("dags", route.dagId, "grid")], [route.runId, path("dags", route.dagId, "runs", route.runId)]],
  });
}
