// The JSON API, as the page calls it. Every request says it comes from the page (X-Requested-With), so that a 401
// carries no Basic challenge that would make the browser prompt; changes send the session's CSRF token.

let csrfToken = null;
let onUnauthorized = () => {};

/** Who is logged in; also what a 401 should do (show the login form). */
export function setSession(session, unauthorized) {
  csrfToken = session ? session.csrf_token : null;
  if (unauthorized) onUnauthorized = unauthorized;
}

/** An error the API answered: its message, the field it names and the HTTP status. */
export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

async function call(url, options) {
  const init = Object.assign({ headers: {}, credentials: "same-origin" }, options || {});
  init.headers["X-Requested-With"] = "fetch";
  if (init.method && init.method !== "GET") {
    if (csrfToken) init.headers["X-CSRF-Token"] = csrfToken;
    if (init.body !== undefined) init.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(url, init);
  if (response.status === 401 && !url.endsWith("/session")) onUnauthorized();
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new ApiError(response.status, body.error || response.status + " " + response.statusText, body.field);
  }
  return response;
}

export async function get(url) {
  return (await call(url)).json();
}

export async function getText(url) {
  return (await call(url)).text();
}

/** A request that changes something; the body is sent as JSON. */
export async function send(method, url, body) {
  const response = await call(url, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return response.status === 204 ? {} : response.json();
}

export function dagUrl(dagId, ...rest) {
  return "/api/v1/dags/" + [dagId, ...rest].map(encodeURIComponent).join("/");
}

export function taskUrl(dagId, runId, taskId, what, mapIndex) {
  const base = dagUrl(dagId, "runs", runId, "tasks", taskId) + (what ? "/" + what : "");
  return base + "?map_index=" + (mapIndex === undefined ? -1 : mapIndex);
}

/**
 * One read of a try's log from {@code offset}: its text, where the next read starts (null for a pod's log, which is
 * read whole each time), where it came from, and whether the try has ended so nothing more will come.
 */
export async function readLog(dagId, runId, taskId, mapIndex, tryNumber, offset) {
  const url = taskUrl(dagId, runId, taskId, "logs", mapIndex) + "&try_number=" + tryNumber + "&offset=" + offset;
  const response = await call(url);
  const next = response.headers.get("X-Taskpod-Log-Offset");
  return {
    text: await response.text(),
    offset: next === null ? null : Number(next),
    source: response.headers.get("X-Taskpod-Log-Source"),
    complete: response.headers.get("X-Taskpod-Log-Complete") === "true",
  };
}

export function logDownloadUrl(dagId, runId, taskId, mapIndex, tryNumber) {
  return taskUrl(dagId, runId, taskId, "logs", mapIndex) + "&try_number=" + tryNumber;
}
