// The login form, shown whenever the API answers 401 ([api] authenticate on and no valid session).
import { el, replace } from "../dom.js";
import { send } from "../api.js";

/** {@code onLogin(session)} is called with the new session. */
export function loginView(onLogin) {
  return {
    title: "Log in",
    crumbs: [],
    async start(root) {
      const username = el("input", { type: "text", id: "username", name: "username", autocomplete: "username",
        required: true });
      const password = el("input", { type: "password", id: "password", name: "password",
        autocomplete: "current-password", required: true });
      const error = el("p", { class: "error", id: "login-error", role: "alert" });
      const form = el("form", { class: "login", id: "login" },
        el("h1", null, "Log in to taskpod"),
        el("label", { for: "username" }, "User"), username,
        el("label", { for: "password" }, "Password"), password,
        error,
        el("button", { type: "submit", class: "primary" }, "Log in"));
      form.addEventListener("submit", async event => {
        event.preventDefault();
        try {
          const session = await send("POST", "/api/v1/session", { username: username.value, password: password.value });
          password.value = "";
          onLogin(session);
        } catch (failed) {
          error.textContent = failed.message;
          password.select();
        }
      });
      replace(root, form);
      username.focus();
    },
    async refresh() {},
    stop() {},
  };
}
