/**
 * cairn.js, the browser SDK: `window.cairn`. Configured by `cairn.init({ writeKey, host, consent })`
 * or by data attributes on its script tag (`data-write-key`, `data-host`, `data-consent`,
 * `data-autocapture`). Calls made through the snippet's stub (`window.cairn.q`) before the file
 * loaded are replayed in order.
 */
import { Cairn } from './client.js';
import { optionsFromScript } from './config.js';

type StubCall = [string, ...unknown[]];

declare global {
  interface Window {
    cairn?: Cairn | { q?: StubCall[]; loaded?: boolean };
  }
}

const REPLAYABLE = new Set(['init', 'track', 'page', 'identify', 'reset', 'flush', 'consent.grant', 'consent.revoke']);

function boot(): void {
  const existing = window.cairn;
  if (existing?.loaded) return; // cairn.js included twice: the first copy keeps running
  const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;
  const cairn = new Cairn(script?.src ? new URL(script.src, location.href).origin : location.origin);
  window.cairn = cairn;
  const opts = script ? optionsFromScript(script) : null;
  if (opts) cairn.init(opts);
  for (const [method, ...args] of existing?.q ?? []) {
    if (!REPLAYABLE.has(method)) {
      console.warn(`cairn: unknown method "${method}" in the queue`);
      continue;
    }
    const [obj, name] = method.startsWith('consent.') ? [cairn.consent, method.slice(8)] : [cairn, method];
    (obj as unknown as Record<string, (...a: unknown[]) => void>)[name]!(...args);
  }
}

boot();
