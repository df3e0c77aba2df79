import type { BenchCase } from './bench.js';
import { analyticsGraph } from './cases/analytics-graph.js';
import { analyticsAttribution } from './cases/analytics-attribution.js';
import { analyticsFunnel } from './cases/analytics-funnel.js';
import { analyticsKpis } from './cases/analytics-kpis.js';
import { analyticsPaths } from './cases/analytics-paths.js';
import { clvFit } from './cases/clv.js';
import { clvHoldout } from './cases/clv-holdout.js';
import { featuresBench } from './cases/features.js';
import { forecastBench } from './cases/forecast.js';
import { identityGraph } from './cases/identity-graph.js';
import { identityMatch } from './cases/identity-match.js';
import { identityMatchStore } from './cases/identity-match-store.js';
import { kmeansBench } from './cases/kmeans.js';
import { modelChurn } from './cases/model-churn.js';
import { modelTelco } from './cases/model-telco.js';
import { modelGbdt } from './cases/model-gbdt.js';
import { recommendBench } from './cases/recommend.js';
import { segmentBench } from './cases/segment.js';
import { generateThroughput } from './cases/generate.js';
import { importThroughput } from './cases/import.js';
import { importEvents } from './cases/import-events.js';
import { sdkSize } from './cases/sdk-size.js';
import { serveBench } from './cases/serve.js';
import { textSentiment } from './cases/text-sentiment.js';

/**
 * `npm run bench`: runs every case and prints one JSON line per result on stdout.
 * `npm run bench -- NAME…` runs only the cases whose name contains one of the words.
 */
const cases: BenchCase[] = [importThroughput, generateThroughput, importEvents, clvFit, clvHoldout, kmeansBench, modelGbdt, segmentBench, featuresBench, identityMatch, identityMatchStore, identityGraph, forecastBench, modelTelco, analyticsAttribution, analyticsFunnel, analyticsKpis, analyticsPaths, analyticsGraph, sdkSize, serveBench, modelChurn, textSentiment, recommendBench];

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const chosen = filters.length ? cases.filter((c) => filters.some((f) => c.name.includes(f))) : cases;
  let failed = 0;
  for (const c of chosen) {
    process.stderr.write(`bench: ${c.name}\n`);
    try {
      for await (const line of c.run()) process.stdout.write(`${JSON.stringify(line)}\n`);
    } catch (err) {
      failed++;
      process.stdout.write(`${JSON.stringify({ bench: c.name, error: err instanceof Error ? err.message : String(err) })}\n`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
