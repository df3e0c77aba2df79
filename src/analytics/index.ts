/**
 * Behaviour analytics on the store (DESIGN.md, `analytics/`): sessions and channels, funnels,
 * retention, paths, cart abandonment, KPIs, the journey graph and attribution. Each query lives
 * in its own file; the graph and statistics parts are pure functions over arrays.
 */
export {};
export { CHANNELS, channelOf, channelSql } from './channels.js';
export type { Channel, TrafficColumns, TrafficTouch } from './channels.js';
export { referrerDomainSql } from './channels.js';
export { SESSION_TIMEOUT_MINUTES } from './sessions.js';
export { buildSessions } from './run/sessions.js';
export type { BuildSessionsOptions, BuildSessionsReport } from './run/sessions.js';
