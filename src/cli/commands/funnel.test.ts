import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { tempDir } from '../../../test/temp.js';
import type { FunnelReport, RetentionReport } from '../../analytics/index.js';
import { openStore } from '../../store/index.js';
import { duration } from './funnel.js';

/**
 * a views, adds and orders on Monday; b views and adds; c views; the anonymous visitor v views
 * and adds. Orders: a on Monday and again two weeks later.
 */
const FIXTURE = `
INSERT INTO customers (customer_id, first_seen, source) VALUES ('a', '2024-03-01', 't'), ('b', '2024-03-01', 't'), ('c', '2024-03-01', 't');
INSERT INTO events (event_id, ts, received_at, type, name, anonymous_id, customer_id, source, channel, properties, context) VALUES
  ('a1', '2024-03-04 10:00', now(), 'track', 'Product Viewed', NULL, 'a', 't', 'web', '{}', '{"device":{"type":"desktop"}}'),
  ('a2', '2024-03-04 10:05', now(), 'track', 'Product Added', NULL, 'a', 't', 'web', '{}', '{}'),
  ('a3', '2024-03-04 10:30', now(), 'track', 'Order Completed', NULL, 'a', 't', 'web', '{}', '{}'),
  ('a4', '2024-03-18 10:30', now(), 'page', 'Home', NULL, 'a', 't', 'web', '{}', '{}'),
  ('b1', '2024-03-04 11:00', now(), 'track', 'Product Viewed', NULL, 'b', 't', 'mobile', '{}', '{"device":{"type":"ios"}}'),
  ('b2', '2024-03-04 11:10', now(), 'track', 'Product Added', NULL, 'b', 't', 'mobile', '{}', '{}'),
  ('c1', '2024-03-05 11:00', now(), 'track', 'Product Viewed', NULL, 'c', 't', 'web', '{}', '{"device":{"type":"desktop"}}'),
  ('v1', '2024-03-05 12:00', now(), 'track', 'Product Viewed', 'anon-v', NULL, 't', 'web', '{}', '{}'),
  ('v2', '2024-03-05 12:01', now(), 'track', 'Product Added', 'anon-v', NULL, 't', 'web', '{}', '{}');
INSERT INTO orders (order_id, customer_id, ts, kind, revenue, currency, channel, source) VALUES
  ('o1', 'a', '2024-03-04 10:30', 'order', 40, 'EUR', 'web', 't'), ('o2', 'a', '2024-03-18 10:30', 'order', 20, 'EUR', 'web', 't');
`;

const tmp = tempDir('cairn-funnel-cli-');
const db = join(tmp.dir, 'shop.duckdb');
const STEPS = 'Product Viewed,Product Added,Order Completed';

beforeAll(async () => {
  const store = await openStore({ location: db });
  try {
    await store.exec(FIXTURE);
  } finally {
    await store.close();
  }
});
afterAll(() => tmp.cleanup());

describe('cairn funnel', () => {
  it('prints one JSON document, and a funnel with bars for people', async () => {
    const json = await runCli('--db', db, '--json', 'funnel', '--steps', STEPS, '--within', '1d');
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as FunnelReport;
    expect(report.total.map((s) => s.people)).toEqual([4, 3, 1]);
    const human = await runCli('--db', db, 'funnel', '--steps', STEPS, '--by', 'device');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/Product Viewed → Product Added → Order Completed/);
    expect(human.stdout).toMatch(/1 {2}Product Viewed {3}#{40} +4 +100\.0%/);
    expect(human.stdout).toMatch(/3 {2}Order Completed {2}#{10} +1 +25\.0% {2}33\.3% of step 2, 2 dropped, median 25m after it/);
    expect(human.stdout).toMatch(/By device[\s\S]*desktop +2 +1 \(50\.0%\)/);
  });

  it('writes the customers who dropped at a step to a CSV file', async () => {
    const out = join(tmp.dir, 'dropped.csv');
    const r = await runCli('--db', db, 'funnel', '--steps', STEPS, '--dropped-at', '3', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    // b and the visitor added and did not order; only b is a customer.
    expect(readFileSync(out, 'utf8')).toBe('customer_id\nb\n');
    expect(r.stdout).toMatch(/1 customers reached step 2 and not step 3 \(Order Completed\); 1 anonymous visitors dropped there too/);
  });

  it('answers unknown events with a message and bad flags with exit code 2', async () => {
    const unknown = await runCli('--db', db, '--json', 'funnel', '--steps', 'Product Veiwed,Order Completed');
    expect(unknown.code).toBe(0);
    expect((JSON.parse(unknown.stdout) as FunnelReport).message).toMatch(/did you mean "Product Viewed"/);
    expect(unknown.stderr).toMatch(/did you mean/);
    expect((await runCli('--db', db, 'funnel', '--steps', STEPS, '--within', 'soon')).code).toBe(2);
    expect((await runCli('--db', db, 'funnel', '--steps', STEPS, '--order', 'sideways')).code).toBe(2);
    expect((await runCli('--db', db, 'funnel', '--steps', STEPS, '--from', '2024-02-30')).code).toBe(2);
    const zero = await runCli('--db', db, 'funnel', '--steps', STEPS, '--within', '0d');
    expect(zero.code).toBe(0);
    expect(zero.stdout).not.toMatch(/NaN/);
  });

  it('says durations the way people do', () => {
    expect([duration(45), duration(600), duration(5400), duration(93_600), duration(null)]).toEqual(['45s', '10m', '1h 30m', '1d 2h', '–']);
  });
});

describe('cairn retention', () => {
  it('prints weekly cohorts with percentages, and JSON', async () => {
    const json = await runCli('--db', db, '--json', 'retention');
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as RetentionReport;
    // Week of 4 March: a, b, c and the visitor; a is back two weeks later.
    expect(report.cohorts).toEqual([{ cohort: '2024-03-04', size: 4, values: [4, 0, 1], rates: [1, 0, 0.25] }]);
    const human = await runCli('--db', db, 'retention', '--cohort', 'first-purchase', '--metric', 'revenue');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/cohort +people +revenue 0 +W0 +W1 +W2/);
    expect(human.stdout).toMatch(/2024-03-04 +1 +40 +100% +0% +50%/);
    expect((await runCli('--db', db, 'retention', '--period', 'year')).code).toBe(2);
  });
});
