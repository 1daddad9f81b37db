// A try's log. While the try runs, the page follows it: a log file is read on from where the last read stopped, a
// pod's log is read whole again; following stops once the API says the try has ended and its log is complete. The
// text can be searched (matches highlighted, Enter for the next one) and downloaded.
import { badge, el, link, logPath, path, replace, taskInstancePath, taskLabel } from "../dom.js";
import { get, logDownloadUrl, readLog, taskUrl } from "../api.js";

const FOLLOW_MS = 1000;
/** How an ended try's log names where it was read from (the API's X-Taskpod-Log-Source). */
const ENDED_SOURCE = { file: "", pod: " (from its pod)", remote: " (from remote storage)" };

export function logView(ctx, route) {
  const mapIndex = route.mapIndex === undefined ? -1 : route.mapIndex;
  const tryNumber = route.tryNumber;
  let text = "";
  let offset = 0;
  let fromPod = false;
  let timer = null;
  let stopped = false;
  let matches = [];
  let current = -1;
  let shownHeader = null;

  const heading = el("div");
  const follow = el("span", { class: "follow", id: "log-follow", role: "status" }, "Reading the log…");
  const pre = el("pre", { class: "log", id: "log", tabIndex: 0, "aria-label": "Log text" });
  const search = el("input", { type: "search", id: "log-search", placeholder: "Search the log", "aria-label":
    "Search the log", autocomplete: "off" });
  const count = el("span", { class: "muted", id: "log-matches", "aria-live": "polite" });
  const wrap = el("input", { type: "checkbox", id: "log-wrap", onchange: e => pre.classList.toggle("wrap", e.target.checked) });
  const fileName = [route.dagId, route.runId, taskLabel(route.taskId, mapIndex), "try-" + tryNumber].join("__")
    .replace(/[^A-Za-z0-9._\[\]-]+/g, "_") + ".log";

  function atBottom() {
    return pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
  }

  function show(moveToMatch) {
    const query = search.value;
    if (!query) {
      pre.textContent = text;
      matches = [];
      count.textContent = "";
      return;
    }
    const lower = text.toLowerCase();
    const needle = query.toLowerCase();
    const parts = [];
    matches = [];
    let from = 0;
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
      parts.push(text.slice(from, at));
      const mark = el("mark", null, text.slice(at, at + needle.length));
      matches.push(mark);
      parts.push(mark);
      from = at + needle.length;
    }
    parts.push(text.slice(from));
    pre.replaceChildren(...parts);
    if (current >= matches.length) current = matches.length - 1;
    if (current < 0 && matches.length) current = 0;
    count.textContent = matches.length ? (current + 1) + " of " + matches.length : "no match";
    if (matches.length) {
      matches[current].classList.add("current");
      if (moveToMatch) matches[current].scrollIntoView({ block: "center" });
    }
  }

  function step(by) {
    if (!matches.length) return;
    current = (current + by + matches.length) % matches.length;
    show(true);
  }

  search.addEventListener("input", () => { current = 0; show(true); });
  search.addEventListener("keydown", event => {
    if (event.key === "Enter") { event.preventDefault(); step(event.shiftKey ? -1 : 1); }
  });

  // A pod's log comes whole each time, and once the file appears it replaces what the pod said.
  function received(chunk) {
    const stick = atBottom();
    const whole = chunk.offset === null || fromPod;
    fromPod = chunk.offset === null;
    text = whole ? chunk.text : text + chunk.text;
    if (chunk.offset !== null) offset = chunk.offset;
    if (search.value) {
      show(false);
    } else if (whole) {
      pre.textContent = text;
    } else if (chunk.text) {
      pre.append(chunk.text);
    }
    if (stick) pre.scrollTop = pre.scrollHeight;
  }

  async function detail() {
    return get(taskUrl(route.dagId, route.runId, route.taskId, null, mapIndex));
  }

  function header(data) {
    const seen = JSON.stringify(data);
    if (seen === shownHeader) return;
    shownHeader = seen;
    const ti = data.task_instance;
    const shown = data.tries.find(t => t.try_number === tryNumber);
    replace(heading,
      el("h1", null, "Log of ", link(taskInstancePath(route.dagId, route.runId, route.taskId, mapIndex),
        taskLabel(route.taskId, mapIndex)), ", try " + tryNumber, " ",
      badge(shown ? shown.state : ti.state, { id: "try-state" })),
      el("p", null, "Tries: ", data.tries.map(t => [t.try_number === tryNumber
        ? el("strong", null, "try " + t.try_number)
        : link(logPath(route.dagId, route.runId, route.taskId, mapIndex, t.try_number), "try " + t.try_number), " "])));
  }

  async function tick() {
    timer = null;
    if (stopped) return;
    try {
      const chunk = await readLog(route.dagId, route.runId, route.taskId, mapIndex, tryNumber, offset);
      if (stopped) return;
      received(chunk);
      if (chunk.complete) {
        follow.classList.remove("live");
        follow.setAttribute("data-complete", "true");
        follow.textContent = "The try has ended; this is its whole log" + (ENDED_SOURCE[chunk.source] ?? "") + ".";
        header(await detail());
        return;
      }
      follow.classList.add("live");
      follow.textContent = "Following the live log" + (chunk.source === "pod" ? " of its pod" : "") + "…";
    } catch (failed) {
      if (stopped) return;
      const data = await detail().catch(() => null);
      const ended = data && (data.task_instance.try_number > tryNumber
        || (data.tries.find(t => t.try_number === tryNumber) || {}).ended_at);
      follow.classList.remove("live");
      follow.textContent = failed.message;
      if (ended || failed.status === 400) return;
    }
    timer = setTimeout(tick, FOLLOW_MS);
  }

  return {
    title: "Log · " + taskLabel(route.taskId, mapIndex) + " · try " + tryNumber,
    crumbs: [[route.dagId, path("dags", route.dagId, "grid")], [route.runId, path("dags", route.dagId, "runs", route.runId)],
      [taskLabel(route.taskId, mapIndex), taskInstancePath(route.dagId, route.runId, route.taskId, mapIndex)],
      ["try " + tryNumber, logPath(route.dagId, route.runId, route.taskId, mapIndex, tryNumber)]],
    async start(root) {
      header(await detail());
      replace(root, heading, el("div", { class: "logbar" }, follow, search, count,
        el("button", { type: "button", "aria-label": "Previous match", onclick: () => step(-1) }, "↑"),
        el("button", { type: "button", "aria-label": "Next match", onclick: () => step(1) }, "↓"),
        el("label", null, wrap, " wrap lines"),
        el("a", { class: "button", id: "log-download", download: fileName,
          href: logDownloadUrl(route.dagId, route.runId, route.taskId, mapIndex, tryNumber) }, "Download")), pre);
      await tick();
    },
    async refresh() {
      if (!stopped && timer !== null) header(await detail());
    },
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    },
  };
}
