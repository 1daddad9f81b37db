// The page: routes each address to its view, keeps the view up to date by polling the API, and handles the login
// session. Every view has its own address (see route()), so back and forward work and any page can be shared.
import { el, link, path, replace } from "./dom.js";
import { get, send, setSession } from "./api.js";
import { dagsView } from "./views/dags.js";
import { TABS, dagView } from "./views/dag.js";
import { runView } from "./views/run.js";
import { taskView } from "./views/task.js";
import { logView } from "./views/log.js";
import { loginView } from "./views/login.js";

const REFRESH_MS = 3000;
const HEALTH_MS = 15000;

const main = document.getElementById("main");
const statusLine = document.getElementById("status");
const dialog = document.getElementById("dialog");
let session = null;
let view = null;
let refreshing = false;

/** What an address shows: the view's name and the ids in it. */
export function route(url) {
  let parts;
  try {
    parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  } catch (malformed) {
    return { name: "missing" };
  }
  const query = url.searchParams;
  const mapIndex = query.get("map_index") === null ? undefined : Number(query.get("map_index"));
  const [root, dagId, section, runId, tasks, taskId, logs, tryNumber] = parts;
  if (parts.length === 0 || (parts.length === 1 && root === "dags")) return { name: "dags", query };
  if (parts.length === 1 && root === "login") return { name: "login", query };
  if (root !== "dags") return { name: "missing" };
  if (parts.length === 2) return { name: "dag", dagId, tab: "grid", query, canonical: path("dags", dagId, "grid") };
  if (parts.length === 3 && TABS.includes(section)) return { name: "dag", dagId, tab: section, query };
  if (section !== "runs") return { name: "missing" };
  if (parts.length === 4) return { name: "run", dagId, runId, query };
  if (tasks !== "tasks") return { name: "missing" };
  if (parts.length === 6) return { name: "task", dagId, runId, taskId, mapIndex, query };
  if (parts.length === 8 && logs === "logs" && /^[1-9][0-9]*$/.test(tryNumber)) {
    return { name: "log", dagId, runId, taskId, mapIndex, tryNumber: Number(tryNumber), query };
  }
  return { name: "missing" };
}

const context = {
  get session() { return session; },
  go,
  refresh: () => refresh(true),
};

function viewOf(target) {
  switch (target.name) {
    case "dags": return dagsView(context);
    case "dag": return dagView(context, target);
    case "run": return runView(context, target);
    case "task": return taskView(context, target);
    case "log": return logView(context, target);
    default: return {
      title: "Not found", crumbs: [],
      async start(root) {
        replace(root, el("h1", null, "No such page"), el("p", null, link("/", "Back to the DAGs")));
      },
      async refresh() {}, stop() {},
    };
  }
}

function crumbs(items) {
  const nav = document.getElementById("crumbs");
  const nodes = [link("/", "DAGs")];
  items.forEach(([label, href], i) => nodes.push(el("span", { class: "sep", "aria-hidden": "true" }, "›"),
    link(href, label, { "aria-current": i === items.length - 1 ? "page" : null })));
  nav.replaceChildren(...nodes);
}

function setStatus(text, isError) {
  statusLine.textContent = text;
  statusLine.classList.toggle("error", !!isError);
}

/** Goes to an address of the page, as a new history entry. */
export function go(href) {
  if (dialog.open) dialog.close();
  history.pushState(null, "", href);
  window.scrollTo(0, 0);
  show().then(() => main.focus({ preventScroll: true }));
}

async function show() {
  if (view) view.stop();
  view = null;
  if (!session) return;
  const target = route(new URL(location.href));
  if (target.canonical) history.replaceState(null, "", target.canonical);
  if (target.name === "login") {
    history.replaceState(null, "", "/");
    return show();
  }
  const next = viewOf(target);
  view = next;
  document.title = next.title + " · taskpod";
  crumbs(next.crumbs);
  main.replaceChildren(el("p", { class: "muted" }, "Loading…"));
  try {
    await next.start(main);
    if (view === next) setStatus("");
  } catch (failed) {
    if (view !== next || failed.status === 401) return;
    replace(main, el("h1", null, "Cannot show this page"), el("p", { class: "reason", "data-error": true }, failed.message),
      el("p", null, link("/", "Back to the DAGs")));
  }
}

async function refresh(now) {
  const current = view;
  if (!current || refreshing || (!now && (document.hidden || dialog.open))) return;
  refreshing = true;
  try {
    await current.refresh();
    if (view === current) setStatus("Up to date at " + new Date().toLocaleTimeString());
  } catch (failed) {
    if (view === current && failed.status !== 401) setStatus("Could not refresh: " + failed.message + "; trying again", true);
  } finally {
    refreshing = false;
  }
}

function showUser() {
  const user = document.getElementById("user");
  if (!session || !session.username) {
    user.replaceChildren();
    return;
  }
  user.replaceChildren(el("span", { id: "user-name" }, session.username + " (" + session.role + ")"), " ",
    el("button", { type: "button", id: "logout", onclick: logout }, "Log out"));
}

async function logout() {
  await send("DELETE", "/api/v1/session").catch(() => {});
  await start();
}

function showLogin() {
  if (view) view.stop();
  session = null;
  setSession(null, showLogin);
  showUser();
  crumbs([]);
  view = loginView(loggedIn);
  document.title = "Log in · taskpod";
  view.start(main);
}

function loggedIn(newSession) {
  session = newSession;
  setSession(session, showLogin);
  showUser();
  show().then(() => main.focus({ preventScroll: true }));
}

async function showHealth() {
  const badge = document.getElementById("health");
  try {
    const report = await (await fetch("/health")).json();
    const kubernetes = report.kubernetes_api && report.kubernetes_api.status === "degraded"
      ? ": Kubernetes API unreachable for " + Math.round(report.kubernetes_api.unreachable_for_seconds) + "s" : "";
    badge.textContent = report.status + kubernetes;
    badge.title = report.scheduler ? "scheduler " + report.scheduler.id + ": " + report.scheduler.status : "";
    badge.className = "health " + report.status;
  } catch (failed) {
    badge.textContent = "server unreachable";
    badge.className = "health unhealthy";
  }
}

async function start() {
  setSession(null, showLogin);
  try {
    session = await get("/api/v1/session");
  } catch (failed) {
    if (failed.status === 401) {
      showLogin();
      return;
    }
    setStatus("Cannot reach the server: " + failed.message, true);
    return;
  }
  setSession(session, showLogin);
  showUser();
  await show();
}

document.addEventListener("click", event => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  const anchor = event.target.closest("a[data-nav]");
  if (!anchor) return;
  event.preventDefault();
  go(anchor.getAttribute("href"));
});
window.addEventListener("popstate", () => show());
setInterval(() => refresh(false), REFRESH_MS);
setInterval(showHealth, HEALTH_MS);
showHealth();
start();
