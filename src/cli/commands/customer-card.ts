import type { CustomerReport } from './customer.js';
import { formatTable } from '../output.js';

/** `cairn customer` for a person at the terminal: a card, then the timeline as a table. */

const n = (x: number) => x.toLocaleString('en-US');
const day = (ts: string | null) => (ts === null ? '?' : ts.slice(0, 10));
const minute = (ts: string) => ts.slice(0, 16).replace('T', ' ');
const money = (x: number, currency: string | null) => `${x.toFixed(2)}${currency ? ` ${currency}` : ''}`;
const plural = (count: number, word: string) => `${n(count)} ${word}${count === 1 ? '' : 's'}`;

/** A vault field as shown without --show-personal-data: its name and a mask, never the value. */
function masked(field: string): string {
  const f = field.toLowerCase();
  return `${field} ${f.includes('mail') ? '[redacted email]' : f.includes('phone') ? '[redacted phone]' : '[redacted]'}`;
}

function header(r: CustomerReport): string[] {
  const p = r.profile;
  const asked = r.requested.matched === 'member' ? ` (you gave ${r.requested.id}: a member of this customer)` : '';
  const net = r.orders.revenue.map((x) => money(x.net, x.currency)).join(', ');
  const traits = Object.entries(p.traits ?? {}).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return [
    `Customer ${p.customerId}${asked}`,
    `  first seen ${day(p.firstSeen)} · last seen ${day(p.lastSeen)} · ${plural(p.events, 'event')} · ${plural(p.orders, 'order')}${net ? ` · net revenue ${net}` : ''} · ${plural(r.sessions.count, 'visit')}`,
    ...(traits.length ? [`  traits: ${traits.join(', ')}`] : []),
  ];
}

function members(r: CustomerReport): string[] {
  const lines = ['', `Members (${r.members.length})${r.members.length > 1 ? ': records identity resolution joined into this customer' : ''}`];
  const opened = new Map((r.personalByMember ?? []).map((m) => [m.memberId, m.fields]));
  for (const m of r.members) {
    const ids = m.identities.map((i) => `${i.kind} ${i.count}`).join(', ') || 'no identifiers';
    lines.push(`  ${m.memberId}  ${m.source ?? '?'}  first seen ${day(m.firstSeen)}  · ${ids}`);
    const fields = opened.get(m.memberId);
    if (fields) lines.push(`      ${Object.entries(fields).map(([k, v]) => `${k} ${v}`).join(' · ')}`);
    else if (m.personalFields.length) lines.push(`      ${m.personalFields.map(masked).join(' · ')}`);
  }
  if (r.personalByMember === null && r.members.some((m) => m.personalFields.length)) lines.push('  (personal data masked: --show-personal-data shows it, and writes an audit-log row)');
  for (const g of r.merges) {
    const undone = g.undoneAt ? ` (undone ${day(g.undoneAt)})` : '';
    const verb = g.action === 'merge' ? 'merged in' : g.action === 'split' ? 'split off' : g.action;
    lines.push(`  ${day(g.ts)} ${verb} ${g.mergedId} (${plural(g.members.length, 'member')}): ${g.reason} · by ${g.actor}${undone}`);
  }
  return lines;
}

function devicesAndChannels(r: CustomerReport): string[] {
  const lines = ['', `Devices (${r.devices.filter((d) => d.deviceId !== null).length})`];
  for (const d of r.devices) {
    const what = [d.type, d.os].filter(Boolean).join(', ') || 'unknown device';
    lines.push(`  ${d.deviceId ?? '(no device id)'}  ${what}  ${d.channels.join('/')} · ${plural(d.events, 'event')}, ${plural(d.sessions, 'visit')} · ${day(d.firstSeen)} – ${day(d.lastSeen)}`);
  }
  if (r.devices.length === 0) lines.push('  none (no web or app events)');
  const channels = r.channels.map((c) => `${c.channel}: ${[c.events ? plural(c.events, 'event') : '', c.sessions ? plural(c.sessions, 'visit') : '', c.orders ? plural(c.orders, 'order') : ''].filter(Boolean).join(', ')}`);
  lines.push(`Channels: ${channels.join(' · ') || 'none'}`);
  return lines;
}

function formatValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  return v === null ? '—' : String(v);
}

function derived(r: CustomerReport): string[] {
  const lines = [''];
  if (r.features) {
    lines.push(`Features (as of ${r.features.asOf ?? '?'}, ${r.features.version})`);
    const cells = Object.entries(r.features.values).map(([k, v]) => `${k} ${formatValue(v)}`);
    for (let i = 0; i < cells.length; i += 4) lines.push(`  ${cells.slice(i, i + 4).join(' · ')}`);
  } else lines.push('Features: not computed — run `cairn features`');
  if (r.segments.length) for (const s of r.segments) lines.push(`Segment (${s.segmentation}): ${s.segment} · ${s.version}`);
  else lines.push('Segment: none yet — run `cairn segment`');
  if (r.predictions.length) {
    for (const p of r.predictions) {
      const v = p.values ?? {};
      const extra = p.model === 'clv' && typeof v['probabilityAlive'] === 'number' ? ` · probability alive ${formatValue(v['probabilityAlive'])} · expected purchases ${formatValue(v['expectedPurchases'])}` : '';
      lines.push(`Prediction (${p.model}): ${p.score === null ? '—' : formatValue(p.score)}${extra} · ${p.version}`);
      // A classifier's score comes with the reasons `cairn model predict` stored beside it.
      const reasons = Array.isArray(v['reasons']) ? (v['reasons'] as { text?: unknown }[]).map((r) => r.text).filter((t): t is string => typeof t === 'string') : [];
      if (reasons.length) lines.push(`  because: ${reasons.join('; ')}`);
    }
  } else lines.push('Predictions: none yet — run `cairn clv`');
  return lines;
}

function timeline(r: CustomerReport, options: { limit: number; since?: string | undefined }): string[] {
  const scope = `${options.since ? ` since ${options.since}` : ''}`;
  const rows = r.timeline.map((t) => ({
    'time (UTC)': minute(t.ts),
    what: t.kind === 'text' ? `${t.name} (text)` : t.name,
    detail: t.kind === 'order' ? `${t.id}, ${t.detail ?? ''}` : t.detail ?? '',
    revenue: t.revenue === null ? '' : money(t.revenue, t.currency),
    channel: t.channel ?? '',
    device: t.deviceId ? `${t.deviceType ?? '?'} ${t.deviceId}` : '',
  }));
  const lines = ['', `Timeline${scope}, newest first (${n(rows.length)} ${rows.length === 1 ? 'entry' : 'entries'}${rows.length === options.limit ? '; --limit shows more' : ''})`];
  if (rows.length === 0) lines.push('  nothing in this period');
  else lines.push(formatTable(['time (UTC)', 'what', 'detail', 'revenue', 'channel', 'device'], rows, options.limit));
  return lines;
}

export function describeCustomer(r: CustomerReport, options: { limit: number; since?: string | undefined }): string {
  return [...header(r), ...members(r), ...devicesAndChannels(r), ...derived(r), ...timeline(r, options)].join('\n');
}
