import type { ApiRoute } from '../route.js';
import { attributionRoutes } from './attribution.js';
import { funnelRoutes } from './funnel.js';
import { graphRoutes } from './graph.js';
import { journeyRoutes } from './journeys.js';
import { kpiRoutes } from './kpis.js';

/**
 * The `/api/analytics/*` routes (analytics/ answers them). Each analysis adds its routes from its
 * own file here, one line each.
 */
export const analyticsRoutes: readonly ApiRoute[] = [
  ...attributionRoutes,
  ...funnelRoutes,
  ...kpiRoutes,
  ...graphRoutes,
  ...journeyRoutes,
];
