/** Replaces the n-th comma-separated field of a CSV line that has no quoted commas before it. */
export function replaceField(line: string, n: number, value: string): string {
  const fields = line.split(',');
  fields[n] = value;
  return fields.join(',');
}
