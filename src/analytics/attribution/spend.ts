/**
 * Marketing spend: a CSV of `channel, period, cost` rows, and what a channel's credit earned
 * back. A period is a month (`2024-05`), a day (`2024-05-03`) or a range of days
 * (`2024-05-01..2024-05-14`, also with `/` or ` to `), both ends included.
 */
export interface SpendRow {
  channel: string;
  /** First and last day (YYYY-MM-DD), inclusive. */
  from: string;
  to: string;
  cost: number;
}

export interface SpendFile {
  rows: SpendRow[];
  /** Lines skipped and why (unknown channel, bad period or cost), for the person to fix. */
  warnings: string[];
}

const DAY_MS = 86_400_000;

/** A channel name as people write it in a spend sheet (`Paid Search`, `paid-search`) → `paid_search`. */
export function normaliseChannelName(name: string): string {
  const n = name.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return n === 'e_mail' ? 'email' : n;
}

/**
 * Reads a spend CSV (header with channel, period and cost; `spend` or `amount` also name the
 * cost). A line with a channel not in `known`, a period or a cost that cannot be read is skipped
 * with a warning; a missing column is a RangeError.
 */
export function parseSpendCsv(text: string, known: readonly string[]): SpendFile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((l, i) => ({ l, n: i + 1 })).filter(({ l }) => l.trim() !== '' && !l.startsWith('#'));
  const header = splitCsvLine(lines[0]?.l ?? '').map((h) => h.toLowerCase());
  const col = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const channelCol = col('channel');
  const periodCol = col('period', 'month', 'date');
  const costCol = col('cost', 'spend', 'amount');
  if (channelCol < 0 || periodCol < 0 || costCol < 0) {
    throw new RangeError(`a spend file needs a header with channel, period and cost columns; it has: ${header.join(', ') || 'nothing'}`);
  }
  const rows: SpendRow[] = [];
  const warnings: string[] = [];
  const unknown = new Set<string>();
  for (const { l, n } of lines.slice(1)) {
    const cells = splitCsvLine(l);
    const channel = normaliseChannelName(cells[channelCol] ?? '');
    if (!known.includes(channel)) {
      unknown.add(cells[channelCol] ?? '');
      continue;
    }
    const period = parsePeriod(cells[periodCol] ?? '');
    if (!period) {
      warnings.push(`spend line ${n}: period "${cells[periodCol] ?? ''}" is not a month (2024-05), a day (2024-05-03) or a range (2024-05-01..2024-05-14); skipped`);
      continue;
    }
    const cost = Number((cells[costCol] ?? '').replace(/[\s€$£]/g, ''));
    if (!Number.isFinite(cost) || cost < 0 || (cells[costCol] ?? '').trim() === '') {
      warnings.push(`spend line ${n}: cost "${cells[costCol] ?? ''}" is not a number ≥ 0; skipped`);
      continue;
    }
    rows.push({ channel, ...period, cost });
  }
  if (unknown.size > 0) {
    warnings.unshift(`spend file: unknown channel${unknown.size > 1 ? 's' : ''} ${[...unknown].map((u) => `"${u}"`).join(', ')} skipped; the channels are ${known.join(', ')}`);
  }
  return { rows, warnings };
}

/** `2024-05` → the month's days; `2024-05-03`; `a..b`, `a/b`, `a to b`. Null when unreadable. */
export function parsePeriod(text: string): { from: string; to: string } | null {
  const t = text.trim();
  const month = /^(\d{4})-(\d{2})$/.exec(t);
  if (month) {
    const y = Number(month[1]);
    const m = Number(month[2]);
    if (m < 1 || m > 12) return null;
    return { from: `${t}-01`, to: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) };
  }
  const parts = t.split(/\s*(?:\.\.|\/|\bto\b)\s*/);
  if (parts.length > 2) return null;
  const [a, b = a] = parts;
  if (!isDay(a) || !isDay(b) || a! > b!) return null;
  return { from: a!, to: b! };
}

function isDay(s: string | undefined): boolean {
  return !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}

/**
 * Cost per channel within [from, to] (days, inclusive): a row that overlaps the range only in
 * part counts for the share of its days inside it.
 */
export function costInRange(rows: readonly SpendRow[], from: string, to: string): Map<string, number> {
  const lo = Date.parse(`${from}T00:00:00Z`);
  const hi = Date.parse(`${to}T00:00:00Z`);
  const out = new Map<string, number>();
  for (const r of rows) {
    const a = Date.parse(`${r.from}T00:00:00Z`);
    const b = Date.parse(`${r.to}T00:00:00Z`);
    const overlap = (Math.min(b, hi) - Math.max(a, lo)) / DAY_MS + 1;
    if (overlap <= 0) continue;
    out.set(r.channel, (out.get(r.channel) ?? 0) + (r.cost * overlap) / ((b - a) / DAY_MS + 1));
  }
  return out;
}

/** Return on spend and cost per acquisition; null where they are undefined (no cost, no conversion). */
export function returnOnSpend(revenue: number, conversions: number, cost: number): { roi: number | null; cpa: number | null } {
  return { roi: cost > 0 ? (revenue - cost) / cost : null, cpa: cost > 0 && conversions > 0 ? cost / conversions : null };
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === ';') {
      out.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  out.push(cell.trim());
  return out;
}
