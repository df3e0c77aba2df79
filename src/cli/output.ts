/**
 * Where a command's output goes: with --json, exactly one JSON document on stdout and everything
 * else on stderr; without it, human text on stdout.
 */
export interface GlobalOptions {
  db?: string;
  json?: boolean;
}

export function printResult(options: GlobalOptions, result: unknown, human: () => string): void {
  if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${human()}\n`);
}

/** A line of news for the person at the terminal (stderr, so it never mixes with --json). */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Renders rows as an aligned text table. */
export function formatTable(columns: readonly string[], rows: readonly Record<string, unknown>[], maxRows = 200): string {
  const shown = rows.slice(0, maxRows);
  const cells = shown.map((r) => columns.map((c) => formatCell(r[c])));
  const widths = columns.map((c, i) => Math.min(60, Math.max(c.length, ...cells.map((row) => row[i]!.length))));
  const pad = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  const lines = [
    columns.map((c, i) => pad(c, widths[i]!)).join('  '),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...cells.map((row) => row.map((s, i) => pad(s, widths[i]!)).join('  ')),
  ];
  if (rows.length > shown.length) lines.push(`… ${rows.length - shown.length} more rows (use --json for all)`);
  lines.push(`(${rows.length} row${rows.length === 1 ? '' : 's'})`);
  return lines.join('\n');
}

function formatCell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
