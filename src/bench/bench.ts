/**
 * One benchmark result: `npm run bench` prints one JSON line per case. `peer` names what the case
 * is measured against (a library, DuckDB's bare reader, a published figure) and `goal` the
 * target, so a reader can tell from the line alone whether the case passes.
 */
export interface BenchLine {
  bench: string;
  case: string;
  /** Main figure and its unit, e.g. { value: 812000, unit: 'rows/s' }. */
  value: number;
  unit: string;
  peer?: { name: string; value: number; unit: string };
  /** The goal in words and whether this run met it. */
  goal?: { text: string; met: boolean };
  /** Anything else worth keeping: sizes, times, parameters. */
  details?: Record<string, unknown>;
}

export interface BenchCase {
  name: string;
  /** Yields one or more lines; a case may skip (yield nothing) and say why on stderr. */
  run(): AsyncIterable<BenchLine>;
}
