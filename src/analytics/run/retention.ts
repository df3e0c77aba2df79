import type { Store } from '../../store/index.js';
import { unknownNamesMessage } from '../funnel-input.js';
import { formatCohortBy, retentionMatrix, type RetentionCell, type RetentionCohortSize, type RetentionOptions, type RetentionReport } from '../retention.js';
import { retentionSql } from './retention-sql.js';

function empty(o: RetentionOptions, message: string, through: string | null = null): RetentionReport {
  return {
    cohortBy: formatCohortBy(o.cohort),
    period: o.period,
    metric: o.metric,
    unbounded: o.unbounded,
    returnEvent: o.returnEvent ?? null,
    range: { from: o.from ?? null, to: o.to ?? null },
    through,
    periods: 0,
    cohorts: [],
    average: [],
    message,
  };
}

/** Names of `names` that no event has, and the store's names (most common first) to suggest from. */
async function unknownNames(store: Store, names: string[]): Promise<string | null> {
  if (names.length === 0) return null;
  const found = await store.query<{ name: string }>(`SELECT DISTINCT name FROM events WHERE name IN (${names.map(() => '?').join(', ')})`, names);
  const missing = names.filter((n) => !found.some((f) => f.name === n));
  if (missing.length === 0) return null;
  const known = await store.query<{ name: string }>('SELECT name FROM events WHERE name IS NOT NULL GROUP BY name ORDER BY count(*) DESC, name LIMIT 500');
  return unknownNamesMessage(missing, known.map((k) => k.name));
}

/**
 * Retention cohorts over the store (analytics/retention.ts says what counts). Bad input — an
 * unknown event, an empty range, a store without data — gives an empty report with a message.
 */
export async function retention(store: Store, options: RetentionOptions): Promise<RetentionReport> {
  if (options.from !== undefined && options.to !== undefined && options.from > options.to) {
    return empty(options, `from ${options.from} is after to ${options.to}: the date range is empty`);
  }
  const byOrders = options.cohort.kind === 'first-purchase';
  const unknown = await unknownNames(store, [...(options.cohort.kind === 'event' ? [options.cohort.event] : []), ...(options.returnEvent === undefined || byOrders ? [] : [options.returnEvent])]);
  if (unknown !== null) return empty(options, unknown);
  const [bounds] = await store.query<{ last: string | null }>(byOrders
    ? `SELECT strftime(max(ts), '%Y-%m-%d') AS last FROM orders WHERE kind = 'order' AND customer_id IS NOT NULL`
    : `SELECT strftime(max(ts), '%Y-%m-%d') AS last FROM events`);
  if (!bounds?.last) return empty(options, byOrders ? 'the store has no orders of known customers yet' : 'the store has no events yet: import some (cairn import) or run cairn demo');
  const through = options.to ?? bounds.last;
  const rows = await store.query<{ cohort: string; k: number; value: number; span: number | null }>(retentionSql({ ...options, through }));
  const sizes: RetentionCohortSize[] = rows.filter((r) => r.k === -1).map((r) => ({ cohort: r.cohort, size: r.value, span: r.span ?? 0 }));
  const cells: RetentionCell[] = rows.filter((r) => r.k >= 0).map((r) => ({ cohort: r.cohort, k: r.k, value: r.value }));
  if (sizes.length === 0) {
    const what = byOrders ? 'first purchase' : options.cohort.kind === 'event' ? `first "${options.cohort.event}"` : 'first event';
    return empty(options, `nobody has their ${what} from ${options.from ?? 'the start'} to ${through}`, through);
  }
  const matrix = retentionMatrix(sizes, cells, options);
  const notes: string[] = [];
  if (options.metric === 'revenue' && matrix.cohorts.every((c) => !(c.values[0]! > 0))) notes.push('no cohort has revenue in its first period, so there is nothing to compare later revenue to');
  return {
    cohortBy: formatCohortBy(options.cohort),
    period: options.period,
    metric: options.metric,
    unbounded: options.unbounded,
    returnEvent: options.returnEvent ?? null,
    range: { from: options.from ?? null, to: options.to ?? null },
    through,
    ...matrix,
    message: notes.length ? notes.join('; ') : null,
  };
}
