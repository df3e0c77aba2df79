import type { Properties } from '../message.js';
import { cssSelector } from './selector.js';

interface FormState {
  startedAt: number;
  fields: Set<string>;
  lastField: string;
}

/**
 * Form start, submit and abandon. Only which fields were touched (their name or id) and when;
 * a field's value is never read, whatever the field.
 */
export class FormCapture {
  private readonly forms = new Map<HTMLFormElement, FormState>();

  constructor(private readonly track: (event: string, props: Properties) => void) {
    document.addEventListener('input', (e) => this.onInput(e), true);
    document.addEventListener('change', (e) => this.onInput(e), true);
    document.addEventListener('submit', (e) => this.onSubmit(e), true);
  }

  /** Route change or page hide: every started, unsent form is abandoned. */
  leave(): void {
    for (const [form, st] of this.forms) {
      this.track('Form Abandoned', { ...this.describe(form, st), last_field: st.lastField });
    }
    this.forms.clear();
  }

  private onInput(e: Event): void {
    const field = e.target;
    if (!(field instanceof Element)) return;
    const form = (field as HTMLInputElement).form ?? field.closest('form');
    if (!form || form.closest('[data-cairn-ignore]')) return;
    const key = field.getAttribute('name') || field.id || cssSelector(field);
    let st = this.forms.get(form);
    const started = !st;
    if (!st) {
      st = { startedAt: Date.now(), fields: new Set(), lastField: key };
      this.forms.set(form, st);
    }
    st.fields.add(key);
    st.lastField = key;
    if (started) this.track('Form Started', { ...this.describe(form, st), first_field: key });
  }

  private onSubmit(e: Event): void {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || form.closest('[data-cairn-ignore]')) return;
    const st = this.forms.get(form) ?? { startedAt: Date.now(), fields: new Set<string>(), lastField: '' };
    this.forms.delete(form);
    this.track('Form Submitted', this.describe(form, st));
  }

  private describe(form: HTMLFormElement, st: FormState): Properties {
    const props: Properties = {
      form: cssSelector(form),
      fields_touched: st.fields.size,
      field_count: fieldCount(form),
      duration_ms: Date.now() - st.startedAt,
    };
    const name = form.getAttribute('name') || form.id;
    if (name) props['form_name'] = name;
    return props;
  }
}

/** Fields a person fills in: not buttons, fieldsets or hidden inputs. */
function fieldCount(form: HTMLFormElement): number {
  let n = 0;
  for (const el of Array.from(form.elements)) {
    if (el.localName === 'button' || el.localName === 'fieldset' || el.localName === 'output') continue;
    if (el.localName === 'input' && /^(hidden|submit|button|reset|image)$/.test((el as HTMLInputElement).type)) continue;
    n++;
  }
  return n;
}
