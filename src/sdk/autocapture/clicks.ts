import type { Properties } from '../message.js';
import { DeadClickWatcher } from './dead-clicks.js';
import { RAGE_WINDOW_MS, RageClickDetector } from './rage.js';
import { cssSelector } from './selector.js';

const INTERACTIVE = 'a,button,input,select,textarea,label,summary,[role=button],[role=link],[role=tab],[role=menuitem],[role=checkbox],[onclick]';
const MAX_TEXT = 64;

export interface ClickOptions {
  clicks: boolean;
  rageClicks: boolean;
  deadClicks: boolean;
}

/**
 * Click capture. Runs in the capture phase, before the site's own handlers, so that a handler that
 * stops propagation still counts and the dead-click check sees the DOM change it makes.
 * Elements inside `[data-cairn-ignore]` are never captured.
 */
export class ClickCapture {
  private readonly rage = new RageClickDetector();
  private rageTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly dead: DeadClickWatcher;

  constructor(private readonly opts: ClickOptions, private readonly track: (event: string, props: Properties) => void) {
    this.dead = new DeadClickWatcher((el) => this.track('Dead Click', describe(el, cssSelector(el))));
    document.addEventListener('click', (e) => this.onClick(e), true);
  }

  /** Route change or page hide: a burst in progress is reported, open dead-click checks are not dead. */
  leave(): void {
    this.dead.cancelAll();
    this.endBurst();
  }

  private onClick(e: MouseEvent): void {
    const target = e.target instanceof Element ? e.target : (e.target as Node | null)?.parentElement;
    if (!target || target.closest('[data-cairn-ignore]')) return;
    const interactive = target.closest(INTERACTIVE);
    const el = interactive ?? target;
    const selector = cssSelector(el);
    if (this.opts.clicks && interactive) this.track('Element Clicked', describe(interactive, selector));
    // Keyboard "clicks" (Enter on a button) have no position and cannot be rage clicks.
    if (this.opts.rageClicks && e.detail > 0) {
      const ended = this.rage.add({ t: e.timeStamp, x: e.clientX, y: e.clientY, selector });
      if (ended) this.reportBurst(ended);
      clearTimeout(this.rageTimer);
      this.rageTimer = setTimeout(() => this.endBurst(), RAGE_WINDOW_MS);
    }
    if (this.opts.deadClicks && interactive) this.dead.watch(interactive);
  }

  private endBurst(): void {
    clearTimeout(this.rageTimer);
    const ended = this.rage.end();
    if (ended) this.reportBurst(ended);
  }

  private reportBurst(b: { selector: string; clicks: number; durationMs: number }): void {
    this.track('Rage Click', { selector: b.selector, click_count: b.clicks, duration_ms: Math.round(b.durationMs) });
  }
}

/**
 * What a click event says about its element: selector, tag, and for links and buttons their
 * visible label and link path. Never the value of a field, never a query string.
 */
function describe(el: Element, selector: string): Properties {
  const props: Properties = { selector, tag: el.localName };
  const tag = el.localName;
  const isField = tag === 'input' || tag === 'textarea' || tag === 'select' || (el as HTMLElement).isContentEditable;
  if (!isField) {
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    // An account menu's label can be a person's e-mail or phone: such labels are left out.
    if (text && !/@|\d{6,}|\d[\d ()+-]{8,}\d/.test(text)) props['text'] = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
  }
  if (tag === 'a') {
    const href = (el as HTMLAnchorElement).href;
    if (href) {
      try {
        const u = new URL(href);
        props['href'] = u.origin === location.origin ? u.pathname : `${u.origin}${u.pathname}`;
      } catch {
        // an href that is not a URL says nothing useful
      }
    }
  }
  return props;
}
