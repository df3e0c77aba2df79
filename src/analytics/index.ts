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
export { attribute, ATTRIBUTION_MODELS } from './attribution/attribute.js';
export type { AttributionModel, AttributionOptions, ChannelCredit, ModelAttribution } from './attribution/attribute.js';
export { AttributionInputError, JourneyBuilder, journeysFromPaths, journeysFromPathTable } from './attribution/journeys.js';
export type { Journeys, JourneyPath } from './attribution/journeys.js';
export { firstTouch, lastTouch, linear, positionBased, timeDecay } from './attribution/heuristics.js';
export { markovAttribution } from './attribution/markov.js';
export type { MarkovResult } from './attribution/markov.js';
export { shapleyAttribution } from './attribution/shapley.js';
export type { ShapleyResult } from './attribution/shapley.js';
export { costInRange, normaliseChannelName, parsePeriod, parseSpendCsv, returnOnSpend } from './attribution/spend.js';
export type { SpendFile, SpendRow } from './attribution/spend.js';
export { runAttribution } from './attribution-run.js';
export type { AttributionReport, AttributionRunOptions, ChannelReport, ModelReport } from './attribution-run.js';
export { previousPeriod } from './kpis.js';
export type { KpiDay, KpiPeriod, KpiReport, KpiTotals } from './kpis.js';
export { KpiRangeError, kpis, MAX_KPI_DAYS } from './run/kpis.js';
export type { KpiOptions } from './run/kpis.js';
export { sessionSummary } from './run/session-summary.js';
export type { SessionGroup, SessionSummary } from './run/session-summary.js';
export { emptyJourneyGraph, buildJourneyGraph, journeyNodeKind, journeyNodeLabel } from './graph/journey-graph.js';
export type { JourneyGraph, JourneyNodeAttributes, JourneyNodeKind, JourneyStep, JourneyTransition } from './graph/journey-graph.js';
export { JourneyGraphUpdater } from './graph/journey-updater.js';
export { buildCoPurchaseGraph, CoPurchaseUpdater, emptyCoPurchaseGraph } from './graph/copurchase.js';
export type { BasketLine, CoPurchaseGraph, CoPurchasePair } from './graph/copurchase.js';
export { betweenness, pageRanks } from './graph/centrality.js';
export { productCommunities } from './graph/communities.js';
export type { CommunityResult, ProductCommunity } from './graph/communities.js';
export { frequentPathsTo, PURCHASE_NODE, routeToTarget } from './graph/paths.js';
export { toGexf } from './graph/export-gexf.js';
export { toGraphml } from './graph/export-graphml.js';
export { toNeo4jCsv } from './graph/export-neo4j.js';
export { JOURNEY_NODE_SQL, loadCoPurchaseGraph, loadJourneyGraph, loadPurchaseSequences, updateJourneyGraph } from './run-graph.js';
export type { Basket, JourneyWindow } from './run-graph.js';
export { graphSummary } from './run-graph-summary.js';
export type { GraphSummary, GraphSummaryOptions } from './run-graph-summary.js';
export { exportGraph, GRAPH_FORMATS, GRAPH_KINDS } from './run-graph-export.js';
export type { GraphExportOptions, GraphExportResult, GraphFormat, GraphKind } from './run-graph-export.js';
export { END_OF_VISIT, OTHER as PATH_OTHER, paths, START_OF_VISIT } from './paths.js';
export type { PathCount, PathsOptions, PathsResult, SankeyLink, SankeyNode } from './paths.js';
export { clickPatterns, DEAD_CLICK_MS, RAGE_CLICKS, RAGE_WINDOW_MS } from './clicks.js';
export type { ClickCounts, ClickOptions, ClicksResult, ElementClicks, PageClicks } from './clicks.js';
export { cartAbandonment, parseWindow } from './carts.js';
export type { CartFigures, CartGroup, CartOptions, CartsResult } from './carts.js';
