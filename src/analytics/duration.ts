const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * A duration as the analytics commands take it (`--within`, `--window`): one or more number-unit
 * parts, largest unit first, units s, m, h, d, w: `30m`, `1d`, `1d12h`, `2w`, `90s`. Returns
 * seconds, or null when the text is not a duration. 0 is a duration (the callers say why it gives
 * an empty answer).
 */
export function parseDuration(text: string): number | null {
  const parts = [...text.trim().toLowerCase().matchAll(/(\d+(?:\.\d+)?)\s*([smhdw])\s*/gy)];
  const matched = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || matched.length !== text.trim().length) return null;
  const units = parts.map((p) => UNITS[p[2]!]!);
  if (units.some((u, i) => i > 0 && u >= units[i - 1]!)) return null;
  return Math.round(parts.reduce((sum, p, i) => sum + Number(p[1]) * units[i]!, 0));
}
