// A view whose data is read again on every refresh and drawn again only when it changed; once stopped (the user went
// elsewhere), an answer still on its way is dropped.

/**
 * {@code load()} reads the view's data; {@code render(root, data)} draws it. The page calls start once, refresh on
 * every tick and stop when it leaves the view.
 */
export function polled(load, render) {
  let last = null;
  let root = null;
  let stopped = false;
  return {
    async start(target) {
      root = target;
      last = null;
      await this.refresh();
    },
    async refresh() {
      const data = await load();
      if (stopped) return;
      const seen = JSON.stringify(data);
      if (seen !== last) {
        last = seen;
        render(root, data);
      }
    },
    stop() {
      stopped = true;
    },
  };
}
