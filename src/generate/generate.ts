import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeShopMappings } from './mappings.js';
import { buildCatalog, productRows } from './catalog.js';
import { buildCrm, type CrmSummary } from './crm.js';
import { EventLog } from './event-log.js';
import { incidentsTruth, planIncidents, priceAt } from './incidents.js';
import type { GenerateOptions } from './options.js';
import { createPerson } from './people.js';
import { personaTruth, PERSONAS } from './personas.js';
import { assignOrderIds, posRows, type PosSummary } from './pos.js';
import { Rng } from './random.js';
import { reviewRows } from './reviews.js';
import { createShopContext } from './shop-context.js';
import { simulatePerson } from './simulate.js';
import { isoDate, isoTime, periodFor } from './time.js';
import { customerTruthRows } from './truth.js';
import { writeEvents, type EventsSummary } from './write-events.js';
import { writeLines } from './writer.js';

/** The files a shop consists of, relative to its folder. */
export const SHOP_FILES = [
  'events.jsonl', 'products.csv', 'pos_orders.csv', 'crm.csv', 'reviews.csv',
  'truth/customers.csv', 'truth/personas.json', 'truth/incidents.json', 'truth/summary.json',
  'mappings/products.json', 'mappings/reviews.json',
] as const;

/** Progress of a generation: `detail` names the phase ("people", "events"). */
export interface GenerateProgress {
  done: number;
  total: number;
  detail?: string;
}

/** Everything written, as in truth/summary.json. */
export interface GenerateSummary {
  generator: string;
  version: string;
  seed: number;
  flags: { customers: number; days: number; seed: number; start: string };
  period: { start: string; end: string };
  files: {
    'events.jsonl': EventsSummary;
    'products.csv': { rows: number };
    'pos_orders.csv': PosSummary;
    'crm.csv': CrmSummary;
    'reviews.csv': { rows: number };
    'truth/customers.csv': { rows: number };
  };
  people: { total: number; byPersona: Record<string, number>; withAccount: number; churned: number; aliveAtEnd: number; seen: number };
  orders: { online: number; store: number; checkoutsStarted: number; failedInOutage: number };
}

/**
 * Generates a seeded shop into `options.out`: events.jsonl, products.csv, pos_orders.csv,
 * crm.csv, reviews.csv and truth/. The same options always give byte-identical files.
 */
export async function generateShop(
  options: GenerateOptions, onProgress: (update: GenerateProgress) => void = () => undefined,
): Promise<GenerateSummary> {
  const period = periodFor(options.days, options.start);
  const root = new Rng(`cairn-shop:${options.seed}`);
  const catalog = buildCatalog(root.fork('catalog'));
  const incidents = planIncidents(root.fork('incidents'), period);
  const ctx = createShopContext(period, catalog, incidents, new EventLog());
  const emails = new Set<string>();
  for (let i = 0; i < options.customers; i++) {
    const rng = root.fork(`person:${i}`);
    const person = createPerson(rng, i, period, emails);
    ctx.people.push(person);
    simulatePerson(ctx, person, rng);
    if (i % 250 === 0) onProgress({ done: i, total: options.customers, detail: 'people' });
  }
  onProgress({ done: options.customers, total: options.customers, detail: 'people' });
  assignOrderIds(ctx);
  const crm = buildCrm(root.fork('crm'), ctx.people, period);

  await mkdir(join(options.out, 'truth'), { recursive: true });
  const events = await writeEvents(join(options.out, 'events.jsonl'), ctx, root.fork('message-ids'), root.fork('noise'), (done, total) =>
    onProgress({ done, total, detail: 'events' }),
  );
  const products = productRows(catalog, (p) => priceAt(p, period.endMs, incidents));
  const pos = posRows(ctx);
  const reviews = reviewRows(root.fork('reviews'), ctx);
  const customers = customerTruthRows(ctx);
  await writeLines(join(options.out, 'products.csv'), products);
  await writeLines(join(options.out, 'pos_orders.csv'), pos.lines);
  await writeLines(join(options.out, 'crm.csv'), crm.lines);
  await writeLines(join(options.out, 'reviews.csv'), reviews);
  await writeLines(join(options.out, 'truth/customers.csv'), customers);

  const byPersona: Record<string, number> = Object.fromEntries(PERSONAS.map((p) => [p.id, 0]));
  for (const p of ctx.people) byPersona[p.persona.id] = (byPersona[p.persona.id] ?? 0) + 1;
  const completed = ctx.checkouts.filter((c) => c.completed).length;
  const started = ctx.checkouts.filter((c) => c.orderId !== '');
  const summary: GenerateSummary = {
    generator: 'cairn-generator',
    version: '1.0.0',
    seed: options.seed,
    flags: { customers: options.customers, days: options.days, seed: options.seed, start: isoDate(period.startMs) },
    period: { start: isoTime(period.startMs), end: isoTime(period.endMs) },
    files: {
      'events.jsonl': events,
      'products.csv': { rows: products.length - 1 },
      'pos_orders.csv': pos.summary,
      'crm.csv': crm.summary,
      'reviews.csv': { rows: reviews.length - 1 },
      'truth/customers.csv': { rows: customers.length - 1 },
    },
    people: {
      total: ctx.people.length,
      byPersona,
      withAccount: ctx.people.filter((p) => p.userId !== null).length,
      churned: ctx.people.filter((p) => p.churnedMs !== null).length,
      aliveAtEnd: ctx.people.filter((p) => p.churnedMs === null).length,
      seen: ctx.people.filter((p) => p.firstSeenMs !== null).length,
    },
    orders: {
      online: completed,
      store: ctx.receipts.filter((r) => !r.isReturn).length,
      checkoutsStarted: started.length,
      failedInOutage: ctx.failedOrders,
    },
  };
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  await writeFile(join(options.out, 'truth/personas.json'), json(personaTruth()));
  await writeFile(join(options.out, 'truth/incidents.json'), json(incidentsTruth(incidents, catalog)));
  await writeFile(join(options.out, 'truth/summary.json'), json(summary));
  await writeShopMappings(options.out);
  return summary;
}
