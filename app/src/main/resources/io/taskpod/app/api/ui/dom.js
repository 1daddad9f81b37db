// Building and updating the page. Text always goes in as text, never as HTML: ids come from users' DAG files.

/** An element with attributes (properties, or data-/aria- attributes) and children (nodes or text). */
export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attributes);
  append(node, children);
  return node;
}

const SVG = "http://www.w3.org/2000/svg";

/** An SVG element; every attribute is set as an attribute. */
export function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

function setAttributes(node, attributes) {
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("data-") || name.startsWith("aria-") || name === "role" || name === "for") {
      node.setAttribute(name, value === true ? "" : String(value));
    } else if (name === "class") {
      node.className = value;
    } else {
      node[name] = value;
    }
  }
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
}

/** A link inside the page: the router handles it, a modified click still opens a new tab. */
export function link(href, text, attributes) {
  return el("a", Object.assign({ href, "data-nav": true }, attributes || {}), text);
}

/**
 * Replaces what {@code root} shows, keeping the user's place: the focused element (found again by its data-key), and
 * the scroll position of elements with a data-scroll-key.
 */
export function replace(root, ...nodes) {
  const active = document.activeElement;
  const focusKey = active && root.contains(active) ? active.getAttribute("data-key") : null;
  const scrolls = new Map();
  root.querySelectorAll("[data-scroll-key]").forEach(node =>
    scrolls.set(node.getAttribute("data-scroll-key"), [node.scrollLeft, node.scrollTop]));
  root.replaceChildren(...nodes.flat(Infinity).filter(n => n !== null && n !== undefined));
  root.querySelectorAll("[data-scroll-key]").forEach(node => {
    const saved = scrolls.get(node.getAttribute("data-scroll-key"));
    if (saved) [node.scrollLeft, node.scrollTop] = saved;
  });
  if (focusKey) {
    const again = root.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
    if (again) again.focus({ preventScroll: true });
  }
}

/** A state as a badge of fixed width. */
export function badge(state, attributes) {
  const value = state || "none";
  return el("span", Object.assign({ class: "badge st-" + value, "data-state": value }, attributes || {}), value);
}

/** An instant as UTC, to the second ("2025-03-01 00:00:05Z"); the full value on hover. */
export function time(value) {
  if (!value) return el("span", { class: "muted" }, "—");
  return el("time", { dateTime: value, title: value }, value.replace("T", " ").replace(/\.\d+Z$/, "Z"));
}

/** How long from {@code start} to {@code end} (or now), e.g. "1m 05s". */
export function duration(start, end) {
  if (!start) return "";
  const seconds = Math.max(0, Math.round(((end ? Date.parse(end) : Date.now()) - Date.parse(start)) / 1000));
  if (seconds < 60) return seconds + "s";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return minutes + "m " + String(seconds % 60).padStart(2, "0") + "s";
  return Math.floor(minutes / 60) + "h " + String(minutes % 60).padStart(2, "0") + "m";
}

/** A definition list of facts: [label, value] pairs, values nodes or text. */
export function facts(pairs) {
  return el("dl", { class: "facts" }, pairs.filter(p => p).flatMap(([label, value]) =>
    [el("dt", null, label), el("dd", null, value === null || value === undefined || value === "" ? "—" : value)]));
}

/**
 * A table with a header row and one row per item; cells are nodes or text. With {@code widths} (one CSS width per
 * column, null for the one that takes the rest) the columns keep their widths whatever they hold, so that a row whose
 * state changes moves nothing.
 */
export function table(headers, rows, attributes, widths) {
  return el("table", Object.assign({ class: "list" + (widths ? " fixed" : "") }, attributes || {}),
    widths ? el("colgroup", null, widths.map(width => {
      const column = el("col");
      if (width) column.style.width = width;
      return column;
    })) : null,
    el("thead", null, el("tr", null, headers.map(h => el("th", null, h)))),
    el("tbody", null, rows.map(cells => el("tr", null, cells.map(cell => el("td", null, cell))))));
}

/** A short message in the corner that goes away by itself. */
export function toast(message, isError) {
  const node = el("div", { class: "toast" + (isError ? " error" : ""), role: isError ? "alert" : "status" }, message);
  document.getElementById("toasts").append(node);
  setTimeout(() => node.remove(), isError ? 12000 : 6000);
}

/** The path of a DAG, run, task instance or log page; segments are encoded. */
export function path(...segments) {
  return "/" + segments.map(s => encodeURIComponent(String(s))).join("/");
}

/** The page of a task instance; {@code mapIndex} -1 for an unmapped one, undefined for a mapped task's list. */
export function taskInstancePath(dagId, runId, taskId, mapIndex) {
  const base = path("dags", dagId, "runs", runId, "tasks", taskId);
  return mapIndex === undefined || mapIndex === null || mapIndex < 0 ? base : base + "?map_index=" + mapIndex;
}

export function logPath(dagId, runId, taskId, mapIndex, tryNumber) {
  const base = path("dags", dagId, "runs", runId, "tasks", taskId, "logs", tryNumber);
  return mapIndex === undefined || mapIndex < 0 ? base : base + "?map_index=" + mapIndex;
}

/** "extract" or "per_region[2]". */
export function taskLabel(taskId, mapIndex) {
  return mapIndex >= 0 ? taskId + "[" + mapIndex + "]" : taskId;
}
