/**
 * A CSS selector for a clicked element that stays the same across page loads: an id or a data-*
 * attribute when one identifies the element, else a short tag/class/nth-of-type path up to one.
 */

/** Attributes that sites add for tests and analytics, in order of preference. */
const PREFERRED_DATA = ['data-testid', 'data-test', 'data-cy', 'data-qa', 'data-cairn', 'data-track', 'data-action'];
const MAX_DEPTH = 6;
const MAX_VALUE = 64;

export function cssSelector(el: Element): string {
  const parts: string[] = [];
  let node: Element | null = el;
  while (node && node !== document.documentElement && parts.length < MAX_DEPTH) {
    const anchor = anchorOf(node);
    if (anchor) {
      parts.unshift(anchor);
      break;
    }
    parts.unshift(step(node));
    // Stop as soon as the path names one element: shorter paths survive layout changes better.
    if (node === document.body || isUnique(parts.join(' > '))) break;
    node = node.parentElement;
  }
  return parts.join(' > ');
}

/** `#id` or `tag[data-x="v"]` when it alone names exactly this element. */
function anchorOf(el: Element): string | null {
  const id = el.id;
  // Framework-generated ids (React's ":r1:", "ember123", long digit runs) change between loads.
  if (id && !/^\d|:|\d{3,}/.test(id) && id.length <= MAX_VALUE) {
    const sel = `#${CSS.escape(id)}`;
    if (isUnique(sel)) return sel;
  }
  const data = dataAttribute(el);
  if (data) {
    const sel = `${el.localName}${data}`;
    if (isUnique(sel)) return sel;
  }
  return null;
}

function step(el: Element): string {
  let sel = el.localName;
  const data = dataAttribute(el);
  if (data) sel += data;
  else {
    const classes = stableClasses(el);
    if (classes.length) sel += `.${classes.map((c) => CSS.escape(c)).join('.')}`;
  }
  const parent = el.parentElement;
  if (!parent) return sel;
  let index = 0;
  let same = 0;
  for (const sib of Array.from(parent.children)) {
    if (sib.localName !== el.localName) continue;
    same++;
    if (sib === el) index = same;
  }
  return same > 1 ? `${sel}:nth-of-type(${index})` : sel;
}

function dataAttribute(el: Element): string | null {
  for (const name of PREFERRED_DATA) {
    const v = el.getAttribute(name);
    if (v && v.length <= MAX_VALUE) return `[${name}="${CSS.escape(v)}"]`;
  }
  for (const attr of Array.from(el.attributes)) {
    if (!attr.name.startsWith('data-') || attr.name.startsWith('data-cairn-')) continue;
    if (attr.value && attr.value.length <= MAX_VALUE && !/\s/.test(attr.value)) return `[${attr.name}="${CSS.escape(attr.value)}"]`;
  }
  return null;
}

/** Up to two classes that look written by a person, not hashed by a CSS-in-JS tool. */
function stableClasses(el: Element): string[] {
  const out: string[] = [];
  for (const c of Array.from(el.classList)) {
    if (/^[a-zA-Z][a-zA-Z_-]*$/.test(c) && !/^(css|sc|jsx|svelte|emotion)-/.test(c)) out.push(c);
    if (out.length === 2) break;
  }
  return out;
}

function isUnique(selector: string): boolean {
  try {
    return document.querySelectorAll(selector).length === 1;
  } catch {
    return false;
  }
}
