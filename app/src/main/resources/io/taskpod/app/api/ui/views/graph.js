// The graph: the DAG's dependencies laid out left to right by dagre, each task coloured by its state in the chosen run.
import { graphlib, layout } from "../vendor/dagre/dagre.esm.js";
import { el, link, path, svg, taskInstancePath } from "../dom.js";
import { legend } from "./grid.js";

const NODE_HEIGHT = 46;
const CHAR_WIDTH = 7.6;

function runPicker(ctx, dagId, runs, selected) {
  if (!runs.length) return el("p", { class: "muted" }, "No runs yet: the graph shows the DAG's tasks without states.");
  const select = el("select", { id: "graph-run", "data-key": "graph-run", "aria-label": "Run shown",
    onchange: event => ctx.go(path("dags", dagId, "graph") + "?run=" + encodeURIComponent(event.target.value)) },
  [...runs].reverse().map(column => el("option", { value: column.run.run_id, selected: column.run.run_id === selected },
    column.run.run_id + " (" + column.run.state + ")")));
  return el("div", { class: "actions" }, el("label", { for: "graph-run" }, "Run "), select,
    link(path("dags", dagId, "runs", selected), "open run"));
}

function nodeOf(ctx, dagId, runId, task, cell, box) {
  const state = cell ? cell.state : "none";
  const x = box.x - box.width / 2;
  const y = box.y - box.height / 2;
  const sub = task.is_mapped ? (cell && cell.map_count !== null ? cell.map_count : task.map_length) + " mapped · "
    + state : state;
  const shape = [
    svg("rect", { x, y, width: box.width, height: box.height }),
    svg("rect", { class: "bar", x, y, width: 6, height: box.height, rx: 3 }),
    svg("text", { x: x + 14, y: y + 19 }, task.task_id),
    svg("text", { class: "sub", x: x + 14, y: y + 36 }, sub),
  ];
  const attributes = { class: "node st-" + state, "data-task": task.task_id, "data-state": state,
    "data-key": "node-" + task.task_id };
  if (!runId || !cell) return svg("g", attributes, shape);
  return svg("a", Object.assign(attributes, { href: taskInstancePath(dagId, runId, task.task_id,
    cell.map_count === null ? -1 : undefined), "data-nav": "", "aria-label": task.task_id + ": " + state }),
  svg("title", null, task.task_id + " · " + state), shape);
}

export function graph(ctx, dagId, taskList, gridData, requestedRun) {
  const runs = gridData.runs;
  const known = runs.find(column => column.run.run_id === requestedRun);
  const column = known || runs[runs.length - 1];
  const runId = column ? column.run.run_id : null;
  const g = new graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 16, ranksep: 56, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  taskList.tasks.forEach(task => g.setNode(task.task_id, {
    width: Math.max(130, Math.ceil(task.task_id.length * CHAR_WIDTH) + 32), height: NODE_HEIGHT }));
  taskList.tasks.forEach(task => task.downstream_task_ids.forEach(down => g.setEdge(task.task_id, down)));
  layout(g);
  const size = g.graph();
  const edges = g.edges().map(edge => {
    const points = g.edge(edge).points;
    return svg("path", { class: "edge", "marker-end": "url(#arrow)", "data-edge": edge.v + "->" + edge.w,
      d: points.map((p, i) => (i === 0 ? "M" : "L") + p.x.toFixed(1) + " " + p.y.toFixed(1)).join(" ") });
  });
  const nodes = taskList.tasks.map(task => nodeOf(ctx, dagId, runId, task, column ? column.cells[task.task_id] : null,
    g.node(task.task_id)));
  const picture = svg("svg", { class: "graph", id: "graph", width: Math.ceil(size.width), height: Math.ceil(size.height),
    role: "img", "aria-label": "Dependencies of " + dagId + (runId ? ", states of run " + runId : ""),
    "data-run": runId || "" },
  svg("defs", null, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7,
    markerHeight: 7, orient: "auto-start-reverse" }, svg("path", { class: "arrow", d: "M 0 0 L 10 5 L 0 10 z" }))),
  edges, nodes);
  return [runPicker(ctx, dagId, runs, runId), el("div", { class: "graph-wrap", "data-scroll-key": "graph" }, picture),
    legend()];
}
