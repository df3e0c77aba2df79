import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../test/run-cli.js';
import { tempDir } from '../../test/temp.js';
import { defaultLogDir, startServer } from '../server/server.js';
import { openStore } from '../store/index.js';
import { scanStoreForValues, scanTextForValues } from './scan.js';

/**
 * Issue 5's acceptance test of privacy by construction: after a full demo run (generate, import
 * every file, segment, CLV, forecast) and a short `cairn serve` session that receives Segment
 * calls carrying e-mails and phone numbers, no raw e-mail or phone of the generated people is
 * in any table but the vault's ciphertext, nor in any line the commands and the server printed.
 */

const tmp = tempDir('cairn-privacy-scan-');
afterAll(tmp.cleanup);

/** A generated person's identifiers, as the shop's files hold them. */
interface Person {
  userId: string;
  email: string;
  phone: string;
}

/** Every e-mail and phone the generated shop's files give its people, and a few whole people. */
async function shopNeedles(shop: string): Promise<{ emails: string[]; phones: string[]; people: Person[] }> {
  const emails: string[] = [];
  const phones: string[] = [];
  const people: Person[] = [];
  // The CSV files read by DuckDB (quoted fields, stray spaces and all).
  const reader = await openStore({ location: ':memory:', secret: '00'.repeat(32) });
  try {
    const csv = (file: string, columns: string) =>
      reader.query<Record<string, string | null>>(`SELECT ${columns} FROM read_csv(?, all_varchar = true, header = true)`, [join(shop, file)]);
    for (const r of await csv('crm.csv', 'email, phone')) {
      if (r['email']) emails.push(r['email']);
      if (r['phone']) phones.push(r['phone']);
    }
    for (const r of await csv('pos_orders.csv', 'email')) if (r['email']) emails.push(r['email']);
  } finally {
    await reader.close();
  }
  // identify traits; the file has deliberately broken lines, skipped here.
  const lines = createInterface({ input: createReadStream(join(shop, 'events.jsonl')) });
  for await (const line of lines) {
    if (!line.includes('"identify"')) continue;
    let m: { type?: string; userId?: string; traits?: Record<string, unknown> };
    try {
      m = JSON.parse(line) as typeof m;
    } catch {
      continue;
    }
    const email = m.traits?.['email'];
    const phone = m.traits?.['phone'];
    if (typeof email === 'string') emails.push(email);
    if (typeof phone === 'string') phones.push(phone);
    if (m.type === 'identify' && m.userId && typeof email === 'string' && typeof phone === 'string' && people.length < 4) {
      if (!people.some((p) => p.userId === m.userId)) people.push({ userId: m.userId, email, phone });
    }
  }
  return { emails, phones, people };
}

/** A German phone number in national form, digits only: `017741969948`. */
function national(phone: string): string {
  return `0${phone.replace(/\D/g, '').replace(/^(00)?49/, '')}`;
}

/** A German phone number in national form written another way: `0177 4196-9948`. */
function regrouped(phone: string): string {
  const n = national(phone);
  return `${n.slice(0, 4)} ${n.slice(4, 8)}-${n.slice(8)}`;
}

/** Segment calls carrying the people's e-mails and phones in every place a client puts them. */
function collectorMessages(people: Person[]): { path: string; body: Record<string, unknown> }[] {
  const [a, b, c, d] = people as [Person, Person, Person, Person];
  const ts = '2026-10-01T12:00:00.000Z';
  const page = (email: string) => ({ url: `https://shop.example/checkout?email=${encodeURIComponent(email)}`, path: '/checkout', title: 'Checkout' });
  return [
    {
      path: '/v1/identify',
      body: {
        userId: a.userId, anonymousId: 'anon-privacy-1', timestamp: ts,
        traits: { email: a.email.toUpperCase(), phone: regrouped(a.phone), firstName: 'Test', address: { city: 'Berlin' } },
        context: { ip: '203.0.113.9', traits: { email: a.email }, page: page(a.email) },
      },
    },
    {
      path: '/v1/track',
      body: {
        userId: a.userId, event: 'Order Completed', timestamp: ts,
        properties: { order_id: 'privacy-o-1', revenue: 12.5, currency: 'EUR', email: a.email, phone: a.phone, products: [{ product_id: 'P1', price: 12.5, quantity: 1 }] },
        context: { traits: { email: a.email, phone: a.phone }, page: page(a.email) },
      },
    },
    {
      path: '/v1/batch',
      body: {
        batch: [
          // An e-mail used as the user id, and as an alias's previous id.
          { type: 'identify', userId: b.email, timestamp: ts, traits: { phone: b.phone } },
          { type: 'alias', previousId: b.email, userId: b.userId, timestamp: ts },
          { type: 'page', anonymousId: 'anon-privacy-2', name: 'Search', timestamp: ts, properties: { ...page(c.email), search: c.email, referrer: `https://mail.example/?to=${c.email}` } },
          { type: 'screen', userId: c.userId, name: 'Profile', timestamp: ts, properties: { phone: regrouped(c.phone), contact: c.email } },
          { type: 'group', userId: c.userId, groupId: 'company-1', timestamp: ts, traits: { email: c.email, phone: c.phone } },
          { type: 'track', userId: d.userId, event: 'Callback Requested', timestamp: ts, properties: { mobile: national(d.phone) }, context: { page: { url: `https://shop.example/callback?phone=${encodeURIComponent(d.phone)}` } } },
          // Bad messages go to the quarantine as they came (sealed there), with a reason and a detail.
          { type: 'track', userId: d.userId, timestamp: ts, properties: { email: d.email, phone: d.phone } },
          { type: 'identify', timestamp: ts, traits: { email: d.email } },
          { type: d.email, userId: d.userId, timestamp: ts },
          { type: 'track', userId: d.userId, event: 'Viewed', timestamp: d.phone },
        ],
      },
    },
  ];
}

/** The server's pino lines, kept as text. */
function capturedLog(): { log: Logger; text: () => string } {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { log: pino({ level: 'trace' }, sink), text: () => text };
}

describe('privacy scan of a full demo run', () => {
  it('finds no raw e-mail or phone of the generated people in any table or log line outside the vault', async () => {
    const shop = join(tmp.dir, 'shop');
    const db = join(tmp.dir, 'cairn.duckdb');
    const logs: { what: string; text: string }[] = [];
    const ran = (what: string, r: CliResult) => {
      expect(r.code, `${what}: ${r.stderr}`).toBe(0);
      logs.push({ what: `${what} (stdout)`, text: r.stdout }, { what: `${what} (stderr)`, text: r.stderr });
      return r;
    };

    // The demo, as a person at a terminal sees it, then again as a script does (--json; it reuses the shop and store).
    const size = ['--customers', '300', '--days', '60', '--out', shop];
    ran('cairn demo', await runCli('--db', db, 'demo', '--no-serve', ...size));
    ran('cairn demo --json', await runCli('--db', db, '--json', 'demo', '--no-serve', ...size));
    const needles = await shopNeedles(shop);
    expect(new Set(needles.emails).size).toBeGreaterThan(150);
    expect(new Set(needles.phones).size).toBeGreaterThan(100);
    expect(needles.people).toHaveLength(4);
    expect(logs.map((l) => l.text).join('')).toMatch(/Cairn demo: done[\s\S]*demo: forecast/);

    // A short `cairn serve` session receiving Segment calls with the same people's e-mails and phones.
    const { writeKey } = JSON.parse(ran('cairn sources add', await runCli('--db', db, '--json', 'sources', 'add', 'privacy-check')).stdout) as { writeKey: string };
    const served = capturedLog();
    const server = await startServer({ db, port: 0, host: '127.0.0.1', log: served.log });
    const auth = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
    try {
      for (const { path, body } of collectorMessages(needles.people)) {
        const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body: JSON.stringify(body) });
        expect(r.status, `${path}: ${await r.clone().text()}`).toBe(200);
      }
      // Refused requests: bad JSON and an unknown write key, both carrying an e-mail.
      const [a] = needles.people as [Person];
      const badJson = await fetch(`${server.url}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body: `{"userId": "${a.email}", ` });
      expect(badJson.status).toBe(400);
      const badKey = await fetch(`${server.url}/v1/identify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Basic bm9wZTo=' },
        body: JSON.stringify({ userId: a.email, traits: { phone: a.phone }, timestamp: '2026-10-01T12:00:00Z' }),
      });
      expect(badKey.status).toBe(401);
    } finally {
      // Graceful shutdown loads everything in the write-ahead log into the store.
      await server.close();
    }
    logs.push({ what: 'cairn serve (pino log)', text: served.text() });
    expect(served.text()).toMatch(/"route":"\/v1\/batch"/);

    // The write-ahead log holds the raw messages (by design) only until they are loaded: after a
    // graceful shutdown every segment is loaded and deleted, so nothing of it is left to scan.
    const walDir = defaultLogDir(db);
    const walFiles = existsSync(walDir) ? readdirSync(walDir).filter((f) => statSync(join(walDir, f)).isFile()) : [];
    expect(walFiles).toEqual([]);

    const store = await openStore({ location: db });
    try {
      const scan = await scanStoreForValues(store, needles);
      // Every table of the store was looked at, whatever later migrations add.
      const tables = await store.query<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE NOT temporary AND database_name = current_database()`);
      expect(scan.tables.sort()).toEqual(tables.map((t) => t.name).sort());
      expect(scan.columns).toEqual(expect.arrayContaining(['events.properties', 'events.context', 'events.user_id', 'quarantine.raw', 'quarantine.detail', 'customers.traits', 'identities.value_hash', 'pii_vault.field']));
      expect(scan.columns).not.toContain('pii_vault.ciphertext');
      expect(scan.hits).toEqual([]);

      // What was scanned did arrive: the collector's calls are stored, the bad ones quarantined, the vault filled.
      const fromCollector = `(SELECT import_id FROM imports WHERE files::VARCHAR LIKE '%collector-log%')`;
      const [arrived] = await store.query<{ events: number; quarantined: number; vault: number }>(`
        SELECT (SELECT count(*) FROM events WHERE import_id IN ${fromCollector}) AS events,
          (SELECT count(*) FROM quarantine WHERE import_id IN ${fromCollector}) AS quarantined,
          (SELECT count(*) FROM pii_vault) AS vault`);
      expect(arrived).toEqual({ events: 8, quarantined: 4, vault: expect.any(Number) as number });
      expect(arrived?.vault).toBeGreaterThan(300);
    } finally {
      await store.close();
    }

    for (const { what, text } of logs) {
      expect(scanTextForValues(text, needles), what).toEqual([]);
    }
  }, 120_000);
});
