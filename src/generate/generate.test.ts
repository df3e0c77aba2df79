import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateShop, SHOP_FILES, type GenerateSummary } from './index.js';

/** Splits a CSV line (RFC 4180 quoting; fields hold no line breaks). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

function readCsv(path: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const names = csvFields(header ?? '');
  return rows.map((r) => Object.fromEntries(csvFields(r).map((v, i) => [names[i] ?? String(i), v])));
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').trimEnd().split('\n');
}

function hashes(dir: string): Record<string, string> {
  return Object.fromEntries(SHOP_FILES.map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
}

const SMALL = { customers: 200, days: 60, seed: 7 };
let root: string;
let dir: string;
let summary: GenerateSummary;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cairn-generate-test-'));
  dir = join(root, 'a');
  summary = await generateShop({ ...SMALL, out: dir });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('generateShop', () => {
  it('writes byte-identical files for the same seed and flags, and different ones for another seed', async () => {
    await generateShop({ ...SMALL, out: join(root, 'b') });
    await generateShop({ ...SMALL, seed: 8, out: join(root, 'c') });
    const a = hashes(dir);
    expect(hashes(join(root, 'b'))).toEqual(a);
    const c = hashes(join(root, 'c'));
    expect(c['events.jsonl']).not.toBe(a['events.jsonl']);
    expect(c['crm.csv']).not.toBe(a['crm.csv']);
  });

  it('counts in summary.json what the files hold', () => {
    const onDisk = JSON.parse(readFileSync(join(dir, 'truth/summary.json'), 'utf8')) as GenerateSummary;
    expect(onDisk).toEqual(summary);
    expect(onDisk.flags).toEqual({ customers: 200, days: 60, seed: 7, start: '2026-09-02' });
    const f = summary.files;
    expect(lines(join(dir, 'events.jsonl'))).toHaveLength(f['events.jsonl'].lines);
    expect(f['events.jsonl'].lines).toBe(f['events.jsonl'].valid + f['events.jsonl'].duplicates + f['events.jsonl'].malformed.total);
    expect(lines(join(dir, 'products.csv'))).toHaveLength(f['products.csv'].rows + 1);
    expect(lines(join(dir, 'pos_orders.csv'))).toHaveLength(f['pos_orders.csv'].rows + 1);
    expect(lines(join(dir, 'crm.csv'))).toHaveLength(f['crm.csv'].rows + 1);
    expect(lines(join(dir, 'reviews.csv'))).toHaveLength(f['reviews.csv'].rows + 1);
    expect(readCsv(join(dir, 'truth/customers.csv'))).toHaveLength(200);
    expect(f['events.jsonl'].valid).toBeGreaterThan(5_000);
  });

  it('writes Segment messages in time order, with exactly the counted duplicates and broken lines', () => {
    const seen = new Map<string, string>();
    const broken = { not_json: 0, missing_timestamp: 0, bad_timestamp: 0, missing_event: 0, missing_ids: 0 };
    let duplicates = 0;
    let last = '';
    for (const line of lines(join(dir, 'events.jsonl'))) {
      let m: Record<string, unknown>;
      try {
        m = JSON.parse(line) as Record<string, unknown>;
      } catch {
        broken.not_json++;
        continue;
      }
      const ts = m['timestamp'];
      if (ts === undefined) broken.missing_timestamp++;
      else if (typeof ts !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(ts) || Number.isNaN(Date.parse(ts))) broken.bad_timestamp++;
      else if (m['type'] === 'track' && m['event'] === undefined) broken.missing_event++;
      else if (m['userId'] === undefined && m['anonymousId'] === undefined) broken.missing_ids++;
      else {
        const id = String(m['messageId']);
        if (seen.has(id)) {
          expect(seen.get(id)).toBe(line);
          duplicates++;
          continue;
        }
        seen.set(id, line);
        expect(ts >= last).toBe(true);
        last = ts;
        const context = m['context'] as Record<string, unknown>;
        expect(context['library']).toMatchObject({ name: 'cairn-generator' });
        expect(typeof context['sessionId']).toBe('string');
        expect(context['ip']).toBeUndefined();
        expect(['track', 'page', 'screen', 'identify', 'alias']).toContain(m['type']);
      }
    }
    const events = summary.files['events.jsonl'];
    expect(seen.size).toBe(events.valid);
    expect(duplicates).toBe(events.duplicates);
    expect({ ...broken, total: Object.values(broken).reduce((a, b) => a + b, 0) }).toEqual(events.malformed);
  });

  it('uses only identifiers that truth/customers.csv knows, and nothing after a churn', () => {
    const truth = readCsv(join(dir, 'truth/customers.csv'));
    const byAnonymous = new Map<string, Record<string, string>>();
    const users = new Set(truth.map((t) => t['user_id']).filter(Boolean));
    for (const t of truth) for (const a of (t['anonymous_ids'] ?? '').split(';').filter(Boolean)) byAnonymous.set(a, t);
    let identified = 0;
    for (const line of lines(join(dir, 'events.jsonl'))) {
      let m: Record<string, unknown>;
      try {
        m = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (typeof m['userId'] === 'string') {
        expect(users.has(m['userId'])).toBe(true);
        identified++;
      }
      if (typeof m['anonymousId'] !== 'string' || typeof m['timestamp'] !== 'string') continue;
      const person = byAnonymous.get(m['anonymousId']);
      expect(person).toBeDefined();
      if (person?.['churned_at']) expect(m['timestamp'] <= person['churned_at']).toBe(true);
      if (typeof m['userId'] === 'string') expect(m['userId']).toBe(person?.['user_id']);
    }
    expect(identified).toBeGreaterThan(1000);
  });

  it('keeps BG/NBD truth consistent', () => {
    const truth = readCsv(join(dir, 'truth/customers.csv'));
    for (const t of truth) {
      const alive = t['is_alive_at_end'] === 'true';
      expect(alive).toBe(t['churned_at'] === '');
      if (!alive) {
        expect(Number(t['purchases_in_data'])).toBeGreaterThan(0);
        expect(Number(t['expected_purchases_next_90d'])).toBe(0);
        expect(t['churned_at']! >= t['first_seen']!).toBe(true);
      } else {
        expect(Number(t['expected_purchases_next_90d'])).toBeGreaterThan(0);
      }
    }
    const meanBy = (persona: string, column: string): number => {
      const rows = truth.filter((t) => t['persona'] === persona);
      return rows.reduce((s, t) => s + Number(t[column]), 0) / rows.length;
    };
    expect(meanBy('loyal_high_value', 'expected_purchases_next_90d')).toBeGreaterThan(meanBy('window_shopper', 'expected_purchases_next_90d'));
    const personas = JSON.parse(readFileSync(join(dir, 'truth/personas.json'), 'utf8')) as { id: string; bgnbd: object }[];
    expect(personas.map((p) => p.id)).toContain('one_and_done');
    expect(personas[0]?.bgnbd).toMatchObject({ timeUnit: 'day' });
  });

  it('writes a CRM with duplicate people, noisy copies and shared junk identifiers', () => {
    const crm = new Map(readCsv(join(dir, 'crm.csv')).map((r) => [r['crm_id'] ?? '', r]));
    const truth = readCsv(join(dir, 'truth/customers.csv'));
    const multi = truth.filter((t) => (t['crm_ids'] ?? '').includes(';'));
    expect(multi.length).toBeGreaterThan(5);
    let noisy = 0;
    for (const t of multi) {
      const records = (t['crm_ids'] ?? '').split(';').map((id) => crm.get(id));
      expect(records.every(Boolean)).toBe(true);
      const [first, ...rest] = records;
      if (rest.some((r) => r?.['first_name'] !== first?.['first_name'] || r?.['last_name'] !== first?.['last_name'] || r?.['email'] !== first?.['email'])) noisy++;
    }
    expect(noisy).toBeGreaterThan(multi.length / 2);
    const junk = [...crm.values()].filter((r) => r['email'] === 'test@test.com' || r['phone'] === '0000000000');
    expect(junk.length).toBeGreaterThanOrEqual(2);
    expect(summary.files['crm.csv'].people).toBe(truth.filter((t) => t['user_id'] !== '').length);
  });

  it('writes till receipts in Berlin time with loyalty ids from the CRM, and reviews with ratings', () => {
    const crmIds = new Set(readCsv(join(dir, 'crm.csv')).map((r) => r['crm_id']));
    const pos = readCsv(join(dir, 'pos_orders.csv'));
    expect(pos.length).toBeGreaterThan(10);
    for (const r of pos) {
      expect(r['purchased_at']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      if (r['loyalty_id']) expect(crmIds.has(r['loyalty_id'])).toBe(true);
      expect(r['currency']).toBe('EUR');
    }
    const reviews = readCsv(join(dir, 'reviews.csv'));
    const users = new Set(readCsv(join(dir, 'truth/customers.csv')).map((t) => t['user_id']));
    for (const r of reviews) {
      expect(Number(r['rating'])).toBeGreaterThanOrEqual(1);
      expect(Number(r['rating'])).toBeLessThanOrEqual(5);
      expect(users.has(r['user_id'])).toBe(true);
      expect(['web', 'app', 'email']).toContain(r['channel']);
    }
    const products = readCsv(join(dir, 'products.csv'));
    expect(products.length).toBeGreaterThan(200);
    expect(new Set(products.map((p) => p['category'])).size).toBe(10);
  });

  it('plants the incidents it reports', () => {
    const incidents = JSON.parse(readFileSync(join(dir, 'truth/incidents.json'), 'utf8')) as { kind: string; start: string; end: string }[];
    expect(incidents.map((i) => i.kind)).toEqual(['checkout_outage', 'traffic_spike', 'price_change']);
    const outage = incidents[0]!;
    let ordersInOutage = 0;
    for (const line of lines(join(dir, 'events.jsonl'))) {
      if (!line.includes('"event":"Order Completed"')) continue;
      const ts = (JSON.parse(line) as { timestamp?: string }).timestamp ?? '';
      if (ts >= outage.start && ts < outage.end) ordersInOutage++;
    }
    expect(ordersInOutage).toBe(0);
  });
});
