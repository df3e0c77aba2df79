import { channelSql, referrerDomainSql } from './channels.js';

/**
 * Sessionisation as SQL (DuckDB), run by `buildSessions` (run/sessions.ts) in one transaction.
 *
 * A visit is the SDK's session id when the event has one (`events.session_id`, else
 * `context.sessionId`): the SDK knows best, so its id wins even over a long pause. Events without
 * one are cut into visits per visitor at 30 minutes of inactivity: an event 30:00 or more after the
 * visitor's previous one starts a new visit, 29:59.999 continues it. The visitor is the resolved
 * customer, else the anonymous id's visitor (identity_anonymous), else the anonymous id, else the
 * user id.
 *
 * Incremental: only events with no `session_key` are read, plus the events of sessions they
 * continue (the same SDK session id, or a visitor's inactivity session ending less than 30 minutes
 * before the new events start, or any later one); those sessions are deleted and built again.
 *
 * Session keys are stable: `s_` and 24 hex digits of md5 over the SDK session id, or over the
 * visitor and the visit's start (so a visit re-built with the same first event keeps its key).
 *
 * JSON is parsed only for the few events that need it (each visit's landing and exit page and its
 * orders): reading every event's context would cost most of the time on 10M events. The working
 * copy of the events is one narrow table (`_ses_map`), grouped into visits without a join.
 */

/** Inactivity that ends a visit without an SDK session id. */
export const SESSION_TIMEOUT_MINUTES = 30;

/** The visitor of an event `e` joined to `identity_anonymous a`. */
const VISITOR = 'coalesce(e.customer_id, a.visitor_id, e.anonymous_id, e.user_id, e.event_id)';
// CASE, not coalesce: coalesce would parse every event's context even when session_id is there.
const SDK_SESSION = "nullif(trim(CASE WHEN e.session_id IS NOT NULL THEN e.session_id ELSE json_extract_string(e.context, '$.sessionId') END), '')";

/** Statements that clear the visits ending from `since` on (a timestamp SQL expression) and their events' keys. */
export function clearSessionsSql(since: string): string[] {
  return [
    `CREATE OR REPLACE TEMP TABLE _ses_clear AS SELECT session_key FROM sessions WHERE ended_at >= ${since}`,
    'UPDATE events SET session_key = NULL WHERE session_key IN (SELECT session_key FROM _ses_clear)',
    'DELETE FROM sessions WHERE session_key IN (SELECT session_key FROM _ses_clear)',
    'DROP TABLE _ses_clear',
  ];
}

/**
 * The narrow working columns of the events matching `where` (over `events e`). Two of these in a
 * UNION ALL rather than one OR: `session_key IS NULL` alone lets DuckDB skip the row groups that
 * are all filed (measured: the incremental build went from 0.3 s to 4 s on 1M events with an OR).
 */
function narrow(where: string): string {
  return `SELECT e.rowid AS rid, epoch_us(e.ts) AS us, e.type IN ('page', 'screen') AS is_view, e.name = 'Order Completed' AS is_order,
          e.customer_id, ${VISITOR} AS visitor_id, ${SDK_SESSION} AS sdk_session_id
        FROM events e LEFT JOIN identity_anonymous a ON a.anonymous_id = e.anonymous_id WHERE ${where}`;
}

/** How much `buildSessionsSql` builds. */
export interface SessionBuildScope {
  /** Every event, whatever key it has (a rebuild: `sessions` must be emptied first). */
  all: boolean;
  /** Look for existing visits the new events continue (pointless when `sessions` is empty). */
  reopen: boolean;
}

/**
 * Statements that file every event without a session key under its visit, in order. Events are
 * ordered by time, ties by rowid (the order they were stored in); `us` is the time in microseconds.
 */
export function buildSessionsSql(scope: SessionBuildScope = { all: false, reopen: true }): { name: string; sql: string }[] {
  const timeout = `INTERVAL ${String(SESSION_TIMEOUT_MINUTES)} MINUTE`;
  const timeoutUs = String(SESSION_TIMEOUT_MINUTES * 60_000_000);
  const PENDING = scope.all ? 'true' : 'e.session_key IS NULL';
  return [
    {
      name: 'reopen',
      sql: !scope.reopen || scope.all ? 'CREATE OR REPLACE TEMP TABLE _ses_reopen (session_key VARCHAR)' : `CREATE OR REPLACE TEMP TABLE _ses_reopen AS
      WITH pending AS (
        SELECT e.ts, ${VISITOR} AS visitor_id, ${SDK_SESSION} AS sdk_session_id
        FROM events e LEFT JOIN identity_anonymous a ON a.anonymous_id = e.anonymous_id WHERE ${PENDING}
      )
      SELECT s.session_key FROM sessions s
      WHERE s.sdk_session_id IN (SELECT sdk_session_id FROM pending WHERE sdk_session_id IS NOT NULL)
      UNION
      SELECT s.session_key FROM sessions s
      JOIN (SELECT visitor_id, min(ts) AS t0 FROM pending WHERE sdk_session_id IS NULL GROUP BY visitor_id) n
        ON s.sdk_session_id IS NULL AND s.visitor_id = n.visitor_id AND s.ended_at > n.t0 - ${timeout}`,
    },
    { name: 'reopen delete', sql: 'DELETE FROM sessions WHERE session_key IN (SELECT session_key FROM _ses_reopen)' },
    {
      // Every event to (re)file, narrow, with its visit's key.
      name: 'assign',
      sql: `CREATE OR REPLACE TEMP TABLE _ses_map AS
      WITH ev AS (
        ${narrow(PENDING)}
        UNION ALL ${narrow('e.session_key IN (SELECT session_key FROM _ses_reopen)')}
      ), gaps AS (
        SELECT *, CASE WHEN us - lag(us) OVER w < ${timeoutUs} THEN 0 ELSE 1 END AS starts
        FROM ev WHERE sdk_session_id IS NULL
        WINDOW w AS (PARTITION BY visitor_id ORDER BY us, rid)
      ), visits AS (
        SELECT *, sum(starts) OVER (PARTITION BY visitor_id ORDER BY us, rid ROWS UNBOUNDED PRECEDING) AS visit FROM gaps
      )
      SELECT rid, us, is_view, is_order, customer_id, visitor_id, sdk_session_id,
        's_' || substr(md5('gap|' || visitor_id || '|' || (min(us) OVER (PARTITION BY visitor_id, visit))::VARCHAR), 1, 24) AS session_key
      FROM visits
      UNION ALL
      SELECT rid, us, is_view, is_order, customer_id, visitor_id, sdk_session_id, 's_' || substr(md5('sdk|' || sdk_session_id), 1, 24)
      FROM ev WHERE sdk_session_id IS NOT NULL`,
    },
    {
      // One row per visit from the narrow columns; the rowids of the events whose JSON is needed.
      name: 'visits',
      sql: `CREATE OR REPLACE TEMP TABLE _ses_visit AS
      SELECT session_key,
        coalesce(arg_max(customer_id, us) FILTER (WHERE customer_id IS NOT NULL), arg_min(visitor_id, us)) AS visitor_id,
        arg_max(customer_id, us) FILTER (WHERE customer_id IS NOT NULL) AS customer_id,
        any_value(sdk_session_id) AS sdk_session_id,
        make_timestamp(min(us)) AS started_at, make_timestamp(max(us)) AS ended_at,
        count(*)::INTEGER AS events,
        (count(*) FILTER (WHERE is_view))::INTEGER AS pages,
        coalesce(arg_min(rid, us) FILTER (WHERE is_view), arg_min(rid, us)) AS landing_rid,
        arg_max(rid, us) FILTER (WHERE is_view) AS exit_rid
      FROM _ses_map GROUP BY session_key`,
    },
    {
      name: 'details',
      sql: `CREATE OR REPLACE TEMP TABLE _ses_detail AS
      WITH wanted AS (
        SELECT landing_rid AS rid, session_key FROM _ses_visit
        UNION SELECT exit_rid, session_key FROM _ses_visit WHERE exit_rid IS NOT NULL
        UNION SELECT rid, session_key FROM _ses_map WHERE is_order
      )
      SELECT session_key, rid, type, name, event_id, anonymous_id, event_channel, app,
        c[1] AS utm_source, c[2] AS utm_medium, c[3] AS utm_campaign, coalesce(c[4], p[3]) AS referrer, coalesce(c[5], p[2]) AS url,
        CASE type WHEN 'page' THEN coalesce(p[1], c[6], name) WHEN 'screen' THEN name END AS page,
        c[7] AS device_type, c[8] AS os, p[4] AS order_id, coalesce(TRY_CAST(p[5] AS DOUBLE), TRY_CAST(p[6] AS DOUBLE), 0) AS revenue
      FROM (
        SELECT w.session_key, w.rid, e.type, e.name, e.event_id, e.anonymous_id, e.channel AS event_channel,
          json_extract_string(e.context, ['$.campaign.source', '$.campaign.medium', '$.campaign.name', '$.page.referrer',
            '$.page.url', '$.page.path', '$.device.type', '$.os.name']) AS c,
          json_exists(e.context, '$.app') AS app,
          json_extract_string(e.properties, ['$.path', '$.url', '$.referrer', '$.order_id', '$.revenue', '$.total']) AS p
        FROM events e JOIN wanted w ON e.rowid = w.rid
      )`,
    },
    {
      name: 'insert',
      sql: `INSERT INTO sessions (session_key, visitor_id, customer_id, anonymous_id, sdk_session_id, started_at, ended_at,
        duration_s, events, pages, entry_page, exit_page, device_type, os, app, channel, source, medium, campaign,
        referrer_domain, orders, revenue, computed_at)
      WITH orders AS (
        SELECT session_key, count(DISTINCT coalesce(order_id, event_id))::INTEGER AS orders, sum(revenue) AS revenue
        FROM _ses_detail WHERE name = 'Order Completed' GROUP BY session_key
      ), v AS (
        SELECT v.*, l.event_channel, l.anonymous_id, l.app, l.utm_source, l.utm_medium, l.utm_campaign, l.referrer, l.url,
          l.page AS entry_page, x.page AS exit_page, l.device_type, l.os
        FROM _ses_visit v JOIN _ses_detail l ON l.rid = v.landing_rid
        LEFT JOIN _ses_detail x ON x.rid = v.exit_rid
      )
      SELECT v.session_key, v.visitor_id, v.customer_id, v.anonymous_id, v.sdk_session_id, v.started_at, v.ended_at,
        epoch(v.ended_at - v.started_at), v.events, v.pages, v.entry_page, v.exit_page, v.device_type, v.os, v.app,
        ${channelSql({ source: 'v.utm_source', medium: 'v.utm_medium', referrer: 'v.referrer', pageUrl: 'v.url', eventChannel: 'v.event_channel' })},
        v.utm_source, v.utm_medium, v.utm_campaign, ${referrerDomainSql('v.referrer', 'v.url')},
        coalesce(o.orders, 0), coalesce(o.revenue, 0), now()::TIMESTAMP
      FROM v LEFT JOIN orders o USING (session_key)`,
    },
    {
      name: 'file events',
      sql: 'UPDATE events SET session_key = m.session_key FROM _ses_map m WHERE events.rowid = m.rid',
    },
  ];
}

/** Working tables the build leaves behind (dropped after it). */
export const SESSION_TEMP_TABLES = ['_ses_reopen', '_ses_map', '_ses_visit', '_ses_detail'] as const;
