import { rangeCondition, ratio, sqlText, VISIT_SQL, type DateRange, type SqlQueryable } from './journey-sql.js';

/** Rage clicks a library that does not flag them itself: this many clicks on one element… */
export const RAGE_CLICKS = 3;
/** …within this long (the browser SDK's own rule, src/sdk/autocapture/rage.ts). */
export const RAGE_WINDOW_MS = 1000;
/** A click after which nothing at all happens in the visit for this long is dead. */
export const DEAD_CLICK_MS = 2000;

/** The browser SDK (src/sdk): it sends `Rage Click` and `Dead Click` itself, so its clicks are not judged again here. */
const SDK_LIBRARY = 'cairn.js';

export interface ClickOptions extends DateRange {
  /** Only this page (a path such as `/cart`; its query string is ignored). */
  page?: string | undefined;
  /** How many elements to list, most clicked first (default 50). */
  top?: number | undefined;
}

export interface ClickCounts {
  /** `Element Clicked` events. */
  clicks: number;
  /** Bursts of 3 or more clicks on one element within 1 s (one per burst, however many clicks). */
  rageClicks: number;
  /** Clicks after which the page did not change and nothing else happened. */
  deadClicks: number;
  /** Visits with any of these. */
  visits: number;
}

export interface ElementClicks extends ClickCounts {
  page: string;
  /** The element's CSS selector as the SDK built it. */
  selector: string;
  /** Its visible label, when it has one (never a field's value). */
  text: string | null;
  tag: string | null;
  /** rageClicks / clicks and deadClicks / clicks; null without clicks. */
  rageRate: number | null;
  deadRate: number | null;
}

export interface PageClicks extends ClickCounts {
  page: string;
}

export interface ClicksResult extends ClickCounts {
  pages: PageClicks[];
  elements: ElementClicks[];
  /** Why the result is empty, when it is. */
  message: string | null;
}

type CountRow = { page: string | null; selector: string | null; text: string | null; tag: string | null; clicks: number; rage_clicks: number; dead_clicks: number; visits: number };

/**
 * Click patterns per page and element, from the browser SDK's autocapture: `Element Clicked`,
 * and the `Rage Click` and `Dead Click` it flags itself. Clicks from other libraries (any
 * `Element Clicked`) are judged here by the same rules: clicks on one element less than 1 s apart
 * are a burst; a burst with 3 clicks within 1 s is one rage click, and a burst after whose first
 * click no other event of the visit follows within 2 s (no page view, no track call) is one dead
 * click — unless it is a link with an `href`, which may have left the site. Pages are paths
 * without query strings.
 */
export async function clickPatterns(store: SqlQueryable, options: ClickOptions = {}): Promise<ClicksResult> {
  const empty = (message: string): ClicksResult => ({ clicks: 0, rageClicks: 0, deadClicks: 0, visits: 0, pages: [], elements: [], message });
  const range = rangeCondition(options);
  if (range.empty) return empty(range.empty);
  const page = options.page === undefined ? null : options.page.replace(/[?#].*$/, '');
  const rows = await store.query<CountRow>(clickSql(range.sql, page));
  const total = rows.find((r) => r.page === null);
  if (!total || total.clicks + total.rage_clicks + total.dead_clicks === 0) {
    const [any] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM events WHERE type = 'track' AND name IN ('Element Clicked', 'Rage Click', 'Dead Click')`);
    if (!any?.n) return empty("there are no click events in the store: the browser SDK sends them when autocapture's clicks are on");
    return empty(page === null ? 'no clicks in this range' : `no clicks on page ${page} in this range`);
  }
  const counts = (r: CountRow): ClickCounts => ({ clicks: r.clicks, rageClicks: r.rage_clicks, deadClicks: r.dead_clicks, visits: r.visits });
  return {
    ...counts(total),
    pages: rows.filter((r) => r.page !== null && r.selector === null).map((r) => ({ page: r.page!, ...counts(r) })),
    elements: rows
      .filter((r) => r.page !== null && r.selector !== null)
      .slice(0, options.top ?? 50)
      .map((r) => ({ page: r.page!, selector: r.selector!, text: r.text, tag: r.tag, ...counts(r), rageRate: ratio(r.rage_clicks, r.clicks), deadRate: ratio(r.dead_clicks, r.clicks) })),
    message: null,
  };
}

/** Rows for all clicks (page NULL), each page (selector NULL) and each element, most clicked first. */
function clickSql(range: string, page: string | null): string {
  const pageSql = "regexp_replace(coalesce(nullif(e.context->>'$.page.path', ''), nullif(e.properties->>'$.path', ''), '(unknown)'), '[?#].*$', '')";
  const names = "('Element Clicked', 'Rage Click', 'Dead Click')";
  return `
WITH c AS (
  SELECT ${VISIT_SQL} AS visit, e.ts, e.event_id, e.name, ${pageSql} AS page,
    coalesce(nullif(e.properties->>'$.selector', ''), '(unknown)') AS selector,
    nullif(e.properties->>'$.text', '') AS text, nullif(e.properties->>'$.tag', '') AS tag,
    nullif(e.properties->>'$.href', '') IS NOT NULL AS link,
    coalesce(e.context->>'$.library.name', '') = ${sqlText(SDK_LIBRARY)} AS flags_itself
  FROM events e
  WHERE e.type = 'track' AND e.name IN ${names} AND ${range}
),
clicks AS (SELECT * FROM c WHERE ${page === null ? 'TRUE' : `page = ${sqlText(page)}`}),
-- Other libraries' clicks, judged here: bursts on one element (a gap over 1 s starts a new one),
-- rage when 3 clicks fall within 1 s…
judged AS (
  SELECT *, sum(CASE WHEN gap IS NULL OR gap > INTERVAL ${RAGE_WINDOW_MS} MILLISECOND THEN 1 ELSE 0 END) OVER w AS burst
  FROM (
    SELECT *, ts - lag(ts) OVER w AS gap, ts - lag(ts, ${RAGE_CLICKS - 1}) OVER w <= INTERVAL ${RAGE_WINDOW_MS} MILLISECOND AS rage_click
    FROM clicks WHERE name = 'Element Clicked' AND NOT flags_itself AND visit IS NOT NULL
    WINDOW w AS (PARTITION BY visit, page, selector ORDER BY ts, event_id)
  )
  WINDOW w AS (PARTITION BY visit, page, selector ORDER BY ts, event_id ROWS UNBOUNDED PRECEDING)
),
bursts AS (
  SELECT visit, page, selector, burst, min(ts) AS ts, bool_or(rage_click) AS rage, bool_or(link) AS link FROM judged GROUP BY ALL
),
-- …and the next event of the visit that is not a click. Like the SDK, one burst is one dead click at most.
later AS (
  SELECT ${VISIT_SQL} AS visit, e.ts FROM events e
  WHERE ${VISIT_SQL} IN (SELECT visit FROM judged) AND NOT (e.type = 'track' AND e.name IN ${names})
),
dead_bursts AS (
  SELECT b.visit, b.page, b.selector FROM bursts b ASOF LEFT JOIN later l ON b.visit = l.visit AND l.ts > b.ts
  WHERE NOT b.link AND (l.ts IS NULL OR l.ts - b.ts > INTERVAL ${DEAD_CLICK_MS} MILLISECOND)
),
facts AS (
  SELECT visit, page, selector, text, tag, 1 AS click, 0 AS rage, 0 AS dead FROM clicks WHERE name = 'Element Clicked'
  UNION ALL SELECT visit, page, selector, text, tag, 0, 1, 0 FROM clicks WHERE name = 'Rage Click' AND flags_itself
  UNION ALL SELECT visit, page, selector, text, tag, 0, 0, 1 FROM clicks WHERE name = 'Dead Click' AND flags_itself
  UNION ALL SELECT visit, page, selector, NULL, NULL, 0, 1, 0 FROM bursts WHERE rage
  UNION ALL SELECT visit, page, selector, NULL, NULL, 0, 0, 1 FROM dead_bursts
)
SELECT page, selector, mode(text) AS text, mode(tag) AS tag,
  sum(click)::INTEGER AS clicks, sum(rage)::INTEGER AS rage_clicks, sum(dead)::INTEGER AS dead_clicks, count(DISTINCT visit) AS visits
FROM facts GROUP BY GROUPING SETS ((), (page), (page, selector))
ORDER BY page IS NULL DESC, selector IS NULL DESC, clicks DESC, rage_clicks + dead_clicks DESC, page, selector`;
}
