/**
 * Quotes a CSV field when it holds a comma, a quote or a line break (RFC 4180), and also when it
 * starts or ends with a space, so that readers keep the stray spaces real exports contain.
 */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (without the line break). */
export function csvLine(fields: readonly (string | number)[]): string {
  return fields.map(csvField).join(',');
}
