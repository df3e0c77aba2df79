import { ClvInputError, runClv } from '../models/run/clv.js';
import { ModelInputError } from '../models/run/customer-target.js';
import { ForecastDataError, runForecast } from '../models/run/forecast.js';
import { predictOnStore } from '../models/run/predict-store.js';
import { trainOnStore } from '../models/run/train-store.js';
import { runSegment, SegmentInputError } from '../models/run/segment.js';
import { loadConfig } from '../config.js';
import { matchStore, resolveIdentities } from '../identity/index.js';
import { loadOrCreateSecret, type Store } from '../store/index.js';
import { say } from './output.js';

/** What one analysis stage of the demo did, for the summary. */
export interface StageResult {
  step: string;
  seconds: number;
  detail: Record<string, unknown>;
  /** One line for the person at the terminal. */
  headline: string;
}

/**
 * The stages the demo runs after importing, each as its own command would (`cairn identity match`
 * and `resolve`, `cairn segment`, `cairn clv`, `cairn model train` and `predict` for churn,
 * `cairn forecast`), writing its results to the store. A stage refusing this data
 * (too little history, say) is reported with its reason and the demo carries on; any other error
 * stops the demo, as it is a bug to see.
 */
export async function runDemoStages(store: Store): Promise<StageResult[]> {
  const stages: [string, () => Promise<Omit<StageResult, 'step' | 'seconds'>>][] = [
    ['identity', async () => {
      // The CRM's records have no shared key with the web: the record matcher links them first,
      // then the graph joins every member that is one person.
      const [crm] = await store.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM crm_records');
      const match = (crm?.n ?? 0) > 0
        ? await matchStore(store, { source: 'crm', secret: loadOrCreateSecret(store.location, loadConfig().secret) })
        : null;
      const r = await resolveIdentities(store, { actor: 'demo' });
      const conflicts = Object.values(r.conflicts).reduce((a, b) => a + b, 0);
      return {
        detail: { members: r.members, customers: r.customers, merges: r.merges, anonymousAttributed: r.anonymousAttributed, conflicts: r.conflicts, recordMatches: match?.matches ?? 0, reviewPairs: match?.reviewPairs ?? 0 },
        headline: `${r.members.toLocaleString('en-US')} records and accounts are ${r.customers.toLocaleString('en-US')} people (${(match?.matches ?? 0).toLocaleString('en-US')} CRM matches, ${(match?.reviewPairs ?? 0).toLocaleString('en-US')} to review, ${conflicts.toLocaleString('en-US')} shared identifiers not merged through)`,
      };
    }],
    ['segment', async () => {
      const r = await runSegment(store, { methods: ['rfm', 'kmeans'], skipImpossible: true });
      const top = r.kmeans?.cards[0];
      return {
        detail: { customers: r.customers, rfmSegments: r.rfm?.cards.length ?? 0, clusters: r.kmeans?.cards.length ?? 0, written: r.written, skipped: r.skipped },
        headline: `${r.kmeans?.cards.length ?? 0} behaviour groups and ${r.rfm?.cards.length ?? 0} RFM segments for ${r.customers.toLocaleString('en-US')} customers${top ? `; largest: ${top.name} (${Math.round(100 * top.shareOfCustomers)}% of customers, ${Math.round(100 * top.shareOfRevenue)}% of revenue)` : ''}`,
      };
    }],
    ['clv', async () => {
      const r = await runClv(store);
      return {
        detail: { version: r.version, customers: r.customers, clv12Months: Math.round(r.totals.clv), meanProbabilityAlive: +r.totals.meanProbabilityAlive.toFixed(3), written: r.written },
        headline: `customers are worth ${Math.round(r.totals.clv).toLocaleString('en-US')} over the next 12 months (discounted); ${Math.round(100 * r.totals.meanProbabilityAlive)}% still active on average`,
      };
    }],
    ['churn', async () => {
      // `cairn model train` then `cairn model predict`: the first version becomes the champion.
      const trained = await trainOnStore(store, { kind: 'gbdt' });
      const scored = await predictOnStore(store, { model: trained.result.model });
      const t = trained.result;
      return {
        detail: { version: t.version, testRocAuc: +t.test.rocAuc.toFixed(3), topDecileLift: +t.test.topDecile.lift.toFixed(2), scored: scored.customers, atRisk: scored.atRisk, written: scored.written },
        headline: `churn model ${t.version ?? ''}: ROC AUC ${t.test.rocAuc.toFixed(2)} on held-out customers (${t.label}); ${scored.atRisk.toLocaleString('en-US')} of ${scored.customers.toLocaleString('en-US')} customers at risk, each with reasons`,
      };
    }],
    ['forecast', async () => {
      const r = await runForecast(store, { metric: 'revenue' });
      const s = r.series[0];
      const total = s?.totals.find((t) => t.days === 28) ?? s?.totals[0];
      return {
        detail: { version: r.version, series: r.series.length, model: s?.forecast.model, next28Days: total ? Math.round(total.yhat) : null, written: r.written },
        headline: total ? `revenue over the next ${total.days} days: about ${Math.round(total.yhat).toLocaleString('en-US')} (${s?.forecast.model})` : 'no revenue series to forecast',
      };
    }],
  ];
  const results: StageResult[] = [];
  for (const [step, run] of stages) {
    const started = performance.now();
    say(`demo: ${step}…`);
    try {
      const r = await run();
      results.push({ step, seconds: (performance.now() - started) / 1000, ...r });
      say(`demo: ${step} → ${r.headline}`);
    } catch (err) {
      if (!(err instanceof SegmentInputError || err instanceof ClvInputError || err instanceof ForecastDataError || err instanceof ModelInputError)) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      results.push({ step, seconds: (performance.now() - started) / 1000, detail: { skipped: reason }, headline: `skipped: ${reason}` });
      say(`demo: ${step} skipped: ${reason}`);
    }
  }
  return results;
}
