/** Scroll depth: the deepest part of the page seen, in % of its height, once per page view. */
export class ScrollDepth {
  private max = 0;
  private path: string | null = null;
  private frame = 0;

  constructor() {
    addEventListener('scroll', () => {
      // Reading scrollHeight can force a layout: at most once a frame.
      if (this.frame) return;
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.measure();
      });
    }, { passive: true });
  }

  /**
   * A new page view starts. Nothing is measured yet: the app may not have rendered the page. What
   * is on screen without scrolling is measured when the page is left, which is the same figure.
   */
  start(path: string): void {
    this.path = path;
    this.max = 0;
  }

  /** The page is left: its depth, once. */
  leave(): { max_percent: number; path: string } | null {
    if (this.path === null) return null;
    this.measure();
    const out = { max_percent: this.max, path: this.path };
    this.path = null;
    return out;
  }

  private measure(): void {
    const total = document.documentElement.scrollHeight;
    const seen = scrollY + innerHeight;
    const pct = total > 0 ? Math.min(100, Math.round((seen / total) * 100)) : 100;
    if (pct > this.max) this.max = pct;
  }
}
