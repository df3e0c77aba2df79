/**
 * SPA route changes: history.pushState / replaceState and popstate. A change of path or query is a
 * new page; a change of the #hash alone is not (in-page anchors would flood the page views).
 */
export function watchRoutes(onChange: (previousUrl: string) => void): void {
  let current = location.pathname + location.search;
  let href = location.href;
  const check = (): void => {
    const now = location.pathname + location.search;
    const previous = href;
    href = location.href;
    if (now === current) return;
    current = now;
    onChange(previous);
  };
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      check();
      return result;
    };
  }
  addEventListener('popstate', check);
}
