// The grid: one row per task, one column per run (oldest left), each cell the task instance's state. A mapped task is
// one cell with its count of map indices; it opens the list of them.
import { el, link, path, taskInstancePath } from "../dom.js";

export const STATES = ["success", "failed", "running", "queued", "scheduled", "up_for_retry", "upstream_failed",
  "skipped", "restarting", "removed", "none"];

export function legend() {
  return el("div", { class: "legend", "aria-hidden": "true" },
    STATES.map(state => el("span", null, el("i", { class: "st-" + state }), state)));
}

function cellTitle(taskId, run, cell) {
  const counts = cell.states ? " (" + Object.entries(cell.states).map(([s, n]) => n + " " + s).join(", ") + ")" : "";
  return taskId + " · " + run.run_id + " · " + cell.state + counts + (cell.try_number ? " · try " + cell.try_number : "");
}

function cell(dagId, run, taskId, value) {
  if (!value) {
    return el("span", { class: "cell missing", title: taskId + " has no task instance in " + run.run_id,
      "data-task": taskId, "data-run": run.run_id, "data-state": "" });
  }
  return link(taskInstancePath(dagId, run.run_id, taskId, value.map_count === null ? -1 : undefined),
    value.map_count === null ? "" : String(value.map_count), {
      class: "cell st-" + value.state, title: cellTitle(taskId, run, value), "aria-label": cellTitle(taskId, run, value),
      "data-key": "cell-" + taskId + "-" + run.run_id, "data-task": taskId, "data-run": run.run_id,
      "data-state": value.state, "data-map-count": value.map_count === null ? null : String(value.map_count),
    });
}

export function grid(data) {
  if (!data.runs.length) return el("p", { class: "muted" }, "No runs yet: trigger one.");
  const tasks = [...data.tasks];
  data.runs.forEach(column => Object.keys(column.cells).forEach(taskId => {
    if (!tasks.includes(taskId)) tasks.push(taskId);
  }));
  return [
    el("div", { class: "grid-wrap", "data-scroll-key": "grid" },
      el("table", { class: "grid", id: "grid" },
        el("thead", null, el("tr", null, el("th", null, ""), data.runs.map(column => el("th", { class: "run" },
          link(path("dags", data.dag_id, "runs", column.run.run_id), "", {
            class: "st-" + column.run.state, title: column.run.run_id + " · " + column.run.state,
            "aria-label": "run " + column.run.run_id + ": " + column.run.state, "data-run": column.run.run_id,
            "data-state": column.run.state, "data-key": "run-" + column.run.run_id })))),
        ),
        el("tbody", null, tasks.map(taskId => el("tr", { "data-task-row": taskId },
          el("th", { class: "task", scope: "row", title: taskId }, taskId),
          data.runs.map(column => el("td", null, cell(data.dag_id, column.run, taskId, column.cells[taskId])))))))),
    legend(),
  ];
}
