// The actions of the page. Each opens a dialog that shows what it will touch (for clear and mark, the API's own dry
// run) and acts only on confirmation; a role that may not act gets the button disabled, with the reason.
import { badge, el, path, table, taskLabel, toast } from "./dom.js";
import { dagUrl, get, send, taskUrl } from "./api.js";

const OPERATOR_ROLES = ["op", "admin"];

/** Whether the logged-in user may trigger, clear, mark, pause and cancel. */
export function canOperate(session) {
  return OPERATOR_ROLES.includes(session.role);
}

/** Why the user cannot act, or null when they can. */
export function refusal(session) {
  return canOperate(session) ? null
    : "Your role (" + session.role + ") can only read; this needs the op or admin role.";
}

/** A button for an action, disabled with the reason when the user's role cannot do it. */
export function actionButton(ctx, label, action, onClick, attributes) {
  const reason = refusal(ctx.session);
  const { disabled, ...others } = attributes || {};
  return el("button", Object.assign({
    type: "button", "data-action": action, "data-key": "action-" + action, disabled: reason !== null || !!disabled,
    title: reason || "", "aria-disabled": reason !== null ? "true" : null, onclick: reason ? null : onClick,
  }, others), label);
}

/** A line saying the page is read-only for this user; null when they can act. */
export function readOnlyNote(ctx) {
  const reason = refusal(ctx.session);
  return reason ? el("p", { class: "readonly", "data-readonly": true }, "Read-only: " + reason) : null;
}

/**
 * A confirmation dialog. {@code preview(options)} answers the nodes that show what the action will touch, or null when
 * it would touch nothing (confirming is then disabled); {@code perform(options)} carries the action out and answers the
 * message to show.
 */
function confirmDialog(ctx, { title, intro, options, preview, confirmLabel, danger, perform }) {
  const dialog = document.getElementById("dialog");
  const values = Object.fromEntries((options || []).map(o => [o.name, o.checked]));
  const touches = el("div", { class: "touches", "data-touches": true });
  const error = el("p", { class: "error", role: "alert" });
  const confirm = el("button", { type: "button", class: danger ? "primary danger" : "primary",
    "data-action": "confirm", disabled: true }, confirmLabel);
  const cancel = el("button", { type: "button", "data-action": "cancel", onclick: () => dialog.close() }, "Cancel");
  let generation = 0;
  async function refreshPreview() {
    const mine = ++generation;
    confirm.disabled = true;
    touches.replaceChildren(el("p", { class: "muted" }, "Finding what this touches…"));
    try {
      const nodes = await preview(values);
      if (mine !== generation) return;
      touches.replaceChildren(...(nodes ? [nodes].flat() : [el("p", { "data-nothing": true }, "Nothing to change.")]));
      confirm.disabled = !nodes;
      error.textContent = "";
    } catch (failed) {
      if (mine === generation) error.textContent = failed.message;
    }
  }
  confirm.onclick = async () => {
    confirm.disabled = true;
    try {
      const message = await perform(values);
      dialog.close();
      toast(message);
      ctx.refresh();
    } catch (failed) {
      error.textContent = failed.message;
      confirm.disabled = false;
    }
  };
  const checkboxes = (options || []).map(option => el("label", { class: "inline" },
    el("input", { type: "checkbox", name: option.name, checked: option.checked,
      onchange: event => { values[option.name] = event.target.checked; refreshPreview(); } }), option.label));
  dialog.replaceChildren(el("h2", { id: "dialog-title" }, title), ...[intro].flat(), el("div", null, checkboxes),
    touches, error, el("div", { class: "buttons" }, cancel, confirm));
  dialog.showModal();
  confirm.focus();
  refreshPreview();
}

function changesTable(changes) {
  if (!changes.length) return null;
  return table(["task instance", "run", "now", "becomes"], changes.map(c => [
    taskLabel(c.task_id, c.map_index), c.run_id, badge(c.state), badge(c.new_state)]));
}

/** Triggers a run with an optional run id and conf (a JSON object, checked before it is sent). */
export function trigger(ctx, dagId) {
  const dialog = document.getElementById("dialog");
  const runId = el("input", { type: "text", id: "trigger-run-id", name: "run_id", placeholder: "manual__<now>",
    autocomplete: "off" });
  const conf = el("textarea", { id: "trigger-conf", name: "conf", spellcheck: false, placeholder: "{}" });
  const problem = el("p", { class: "error", role: "alert", "data-conf-error": true });
  const confirm = el("button", { type: "button", class: "primary", "data-action": "confirm" }, "Trigger");
  const summary = el("p", { "data-touches": true });
  function parsed() {
    const text = conf.value.trim();
    if (!text) return { ok: true, value: undefined };
    try {
      const value = JSON.parse(text);
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return { ok: false, message: "conf must be a JSON object, e.g. {\"day\": \"2025-01-01\"}" };
      }
      return { ok: true, value };
    } catch (failed) {
      return { ok: false, message: "conf is not valid JSON: " + failed.message };
    }
  }
  function validate() {
    const result = parsed();
    problem.textContent = result.ok ? "" : result.message;
    confirm.disabled = !result.ok;
    summary.textContent = "Creates one run of DAG " + dagId + " named "
      + (runId.value.trim() || "manual__ and the current time") + (result.ok && result.value
        ? ", with conf " + JSON.stringify(result.value) : "") + ". It starts when the scheduler next looks.";
  }
  runId.oninput = validate;
  conf.oninput = validate;
  confirm.onclick = async () => {
    const result = parsed();
    if (!result.ok) return;
    confirm.disabled = true;
    try {
      const body = {};
      if (runId.value.trim()) body.run_id = runId.value.trim();
      if (result.value !== undefined) body.conf = result.value;
      const created = await send("POST", dagUrl(dagId, "runs"), body);
      dialog.close();
      toast("Triggered run " + created.run.run_id + (created.notes.length ? ": " + created.notes.join("; ") : ""));
      ctx.go(path("dags", dagId, "runs", created.run.run_id));
    } catch (failed) {
      problem.textContent = failed.message;
      confirm.disabled = false;
    }
  };
  dialog.replaceChildren(el("h2", { id: "dialog-title" }, "Trigger " + dagId),
    el("label", { for: "trigger-run-id" }, "Run id (optional)"), runId,
    el("label", { for: "trigger-conf" }, "Conf (optional JSON object)"), conf, problem, summary,
    el("div", { class: "buttons" },
      el("button", { type: "button", "data-action": "cancel", onclick: () => dialog.close() }, "Cancel"), confirm));
  validate();
  dialog.showModal();
  runId.focus();
}

/** Pauses or unpauses a DAG. */
export function togglePause(ctx, dag) {
  const pausing = !dag.is_paused;
  const unfinished = (dag.recent_runs || []).filter(r => r.state === "queued" || r.state === "running");
  confirmDialog(ctx, {
    title: (pausing ? "Pause " : "Unpause ") + dag.dag_id,
    intro: el("p", null, pausing
      ? "The scheduler creates no scheduled runs of this DAG and starts none of its queued runs until it is unpaused. "
        + "Tasks already running go on."
      : "The scheduler creates its scheduled runs again and starts its queued runs."),
    preview: async () => [el("p", null, "DAG " + dag.dag_id + ": " + (pausing ? "active → paused" : "paused → active")),
      unfinished.length ? el("p", { class: "muted" }, unfinished.length + " of its recent runs are queued or running.")
        : null].filter(n => n),
    confirmLabel: pausing ? "Pause" : "Unpause",
    perform: async () => {
      await send("PATCH", dagUrl(dag.dag_id), { is_paused: pausing });
      return (pausing ? "Paused " : "Unpaused ") + dag.dag_id;
    },
  });
}

/**
 * Clears task instances so that they run again: {@code taskIds} of one run, or the run's failed ones when null.
 * The preview is the API's dry run.
 */
export function clear(ctx, dagId, runId, taskIds) {
  const wholeRun = !taskIds;
  const body = values => ({ dag_run_id: runId, task_ids: taskIds || undefined, only_failed: values.only_failed,
    include_downstream: values.include_downstream, include_upstream: values.include_upstream });
  confirmDialog(ctx, {
    title: "Clear " + (wholeRun ? "run " + runId : taskIds.join(", ")),
    intro: el("p", null, "Cleared task instances run again as a new try; queued or running tries are stopped first."),
    options: [
      { name: "include_downstream", label: "with downstream", checked: !wholeRun },
      { name: "include_upstream", label: "with upstream", checked: false },
      { name: "only_failed", label: "only failed", checked: wholeRun },
    ],
    preview: async values => changesTable((await send("POST", dagUrl(dagId, "clearTaskInstances"),
      Object.assign(body(values), { dry_run: true }))).task_instances),
    confirmLabel: "Clear",
    perform: async values => {
      const done = await send("POST", dagUrl(dagId, "clearTaskInstances"), Object.assign(body(values), { dry_run: false }));
      return "Cleared " + done.task_instances.length + " task instance(s)";
    },
  });
}

/** Marks a task instance (all map indices of a mapped task when {@code mapIndex} is undefined) success or failed. */
export function markTask(ctx, dagId, runId, taskId, mapIndex, state) {
  const url = mapIndex === undefined ? dagUrl(dagId, "runs", runId, "tasks", taskId)
    : taskUrl(dagId, runId, taskId, null, mapIndex);
  const body = values => ({ new_state: state, include_downstream: values.include_downstream,
    include_upstream: values.include_upstream });
  confirmDialog(ctx, {
    title: "Mark " + taskLabel(taskId, mapIndex === undefined ? -1 : mapIndex) + " " + state,
    intro: el("p", null, "Sets the state by hand; a queued or running try is stopped."),
    options: [
      { name: "include_downstream", label: "with downstream", checked: false },
      { name: "include_upstream", label: "with upstream", checked: false },
    ],
    preview: async values => changesTable((await send("PATCH", url, Object.assign(body(values), { dry_run: true })))
      .task_instances),
    confirmLabel: "Mark " + state,
    danger: state === "failed",
    perform: async values => {
      const done = await send("PATCH", url, Object.assign(body(values), { dry_run: false }));
      return "Marked " + done.task_instances.length + " task instance(s) " + state;
    },
  });
}

/**
 * What ending a run by hand does to its unfinished task instances, as the server's ManualTransitions.endRun decides:
 * marked success they succeed; marked failed or cancelled, tries queued, running or restarting fail and the rest are
 * skipped.
 */
function endRunChanges(taskInstances, to) {
  const finished = ["success", "failed", "upstream_failed", "skipped", "removed"];
  const stopsATry = ["queued", "running", "restarting"];
  return taskInstances.filter(ti => !finished.includes(ti.state)).map(ti => Object.assign({}, ti, {
    new_state: to === "success" ? "success" : stopsATry.includes(ti.state) ? "failed" : "skipped" }));
}

/** Cancels a run ({@code how} "cancel") or marks it "success" or "failed". */
export function endRun(ctx, run, how) {
  const to = how === "success" ? "success" : "failed";
  const cancelling = how === "cancel";
  confirmDialog(ctx, {
    title: (cancelling ? "Cancel run " : "Mark run " + to + ": ") + run.run_id,
    intro: el("p", null, cancelling
      ? "The run ends failed: its running tries are stopped and the task instances that have not started never will."
      : "The run ends " + to + "; its finished task instances keep their states."),
    preview: async () => {
      const current = await get(dagUrl(run.dag_id, "runs", run.run_id, "tasks"));
      const changes = endRunChanges(current.task_instances, to);
      return [el("p", null, "Run " + run.run_id + ": " + current.run.state + " → " + to),
        changesTable(changes) || el("p", { class: "muted" }, "No unfinished task instances.")];
    },
    confirmLabel: cancelling ? "Cancel run" : "Mark " + to,
    danger: to === "failed",
    perform: async () => {
      if (cancelling) {
        await send("POST", dagUrl(run.dag_id, "runs", run.run_id, "cancel"));
      } else {
        await send("PATCH", dagUrl(run.dag_id, "runs", run.run_id), { state: to });
      }
      return (cancelling ? "Cancelled run " : "Marked run " + to + ": ") + run.run_id;
    },
  });
}
