/**
 * Dead clicks: a click on something that looks clickable after which the page does not change
 * (no DOM mutation, no navigation) within a second. One check per element at a time, so a rage
 * burst on a broken button is one `Dead Click`.
 */

export const DEAD_CLICK_MS = 1000;

export class DeadClickWatcher {
  private readonly pending = new Map<Element, ReturnType<typeof setTimeout>>();
  private observer: MutationObserver | undefined;

  constructor(private readonly report: (el: Element) => void) {}

  watch(el: Element): void {
    if (this.pending.has(el) || !looksClickable(el)) return;
    if (!this.observer) {
      // Observed only while a check is open: a page without clicks pays nothing for this.
      this.observer = new MutationObserver(() => this.cancelAll());
      this.observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    }
    this.pending.set(el, setTimeout(() => {
      this.pending.delete(el);
      if (!this.pending.size) this.stop();
      this.report(el);
    }, DEAD_CLICK_MS));
  }

  /** Something happened (DOM change, route change, page left): no open check is a dead click. */
  cancelAll(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    this.stop();
  }

  private stop(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }
}

/**
 * Text fields, check boxes and selects change state without changing the DOM, and links that open
 * a new tab or a mail program change nothing here: none of those can be told dead from outside.
 */
function looksClickable(el: Element): boolean {
  const tag = el.localName;
  if (tag === 'input') return /^(button|submit|reset|image)$/.test((el as HTMLInputElement).type);
  if (tag === 'select' || tag === 'textarea' || tag === 'label' || tag === 'summary' || tag === 'option') return false;
  if ((el as HTMLElement).isContentEditable) return false;
  if (tag === 'a') {
    const a = el as HTMLAnchorElement;
    if (a.target && a.target !== '_self') return false;
    if (a.hasAttribute('download') || /^(mailto|tel|sms|javascript):/i.test(a.getAttribute('href') ?? '')) return false;
  }
  return true;
}
