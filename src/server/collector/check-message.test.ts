import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/temp.js';
import { builtInSources, importFiles } from '../../ingest/index.js';
import { openStore } from '../../store/index.js';
import { checkMessage } from './check-message.js';

const tmp = tempDir('cairn-check-');
afterAll(tmp.cleanup);

const ok = { type: 'track', event: 'Viewed', anonymousId: 'a-1', timestamp: '2024-03-01T10:00:00Z' };
let n = 0;
/** A message with a fresh id, so the pipeline sees no repeat (`messageId: undefined` leaves it out). */
const m = (fields: Record<string, unknown>) => ({ ...ok, messageId: `m-${++n}`, ...fields });

const CORPUS: unknown[] = [
  m({}),
  m({ type: 'Track' }),
  m({ type: 'identify', userId: 'u-1', traits: { plan: 'pro' } }),
  m({ type: 'page', name: 'Home', properties: { path: '/' } }),
  m({ type: 'screen', name: 'Cart' }),
  m({ type: 'group', userId: 'u-1', groupId: 'g-1' }),
  m({ type: 'alias', userId: 'u-1', previousId: 'a-1' }),
  m({ type: undefined }),
  m({ type: 'purchase' }),
  m({ type: 5 }),
  m({ type: { t: 1 } }),
  m({ timestamp: undefined }),
  m({ timestamp: undefined, originalTimestamp: '2024-03-01T10:00:00Z', sentAt: '2024-03-01T10:00:01Z', receivedAt: '2024-03-01T10:00:02Z' }),
  m({ timestamp: '2024-03-01' }),
  m({ timestamp: '2024-03-01 10:00' }),
  m({ timestamp: '2024-03-01T10:00:00.123+01:00' }),
  m({ timestamp: '2024-03-01T10:00:00+0100' }),
  m({ timestamp: '2024-03-01T10:00:00.123456789Z' }),
  m({ timestamp: '  2024-03-01T10:00:00Z ' }),
  m({ timestamp: '2024-02-30T10:00:00Z' }),
  m({ timestamp: '2024-02-29T10:00:00Z' }),
  m({ timestamp: '2023-02-29T10:00:00' }),
  m({ timestamp: '2024-03-01T24:00:00Z' }),
  m({ timestamp: '2024-03-01T24:30:00Z' }),
  m({ timestamp: '2024-3-1T10:00:00Z' }),
  m({ timestamp: '2024-03-01T10:00:60Z' }),
  m({ timestamp: '2024-03-01T10:00Z' }),
  m({ timestamp: '2024-03-01Z' }),
  m({ timestamp: '2024-03-01 10:00+01:00' }),
  m({ timestamp: '2024-03-01 10:00:00 +01:00' }),
  m({ timestamp: '2024-03-01 10:00:00 Z' }),
  m({ timestamp: '2024-03-01 10:00:00.5-05' }),
  m({ timestamp: 1709287200 }),
  m({ timestamp: 'yesterday' }),
  m({ timestamp: '31/12/2025 24:00' }),
  m({ timestamp: '0000-00-00 00:00:00' }),
  m({ timestamp: '2026-13-45T25:61:00Z' }),
  m({ timestamp: '' }),
  m({ properties: 'a string' }),
  m({ properties: [1, 2] }),
  m({ properties: 5 }),
  m({ properties: null }),
  m({ context: 'web' }),
  m({ type: 'identify', userId: 'u-2', traits: ['x'] }),
  m({ userId: 123 }),
  m({ userId: { id: 1 } }),
  m({ anonymousId: [] }),
  m({ anonymousId: ['a'] }),
  m({ event: { name: 'x' } }),
  m({ event: '' }),
  m({ event: '   ' }),
  m({ event: 42 }),
  m({ event: true }),
  m({ type: 'page', name: { n: 1 } }),
  m({ type: 'group', groupId: ['g'] }),
  m({ type: 'group' }),
  m({ type: 'alias', userId: 'u-1' }),
  m({ type: 'alias', previousId: 'a-9' }),
  m({ anonymousId: undefined }),
  m({ anonymousId: '   ', userId: '' }),
  m({ messageId: { id: 1 } }),
  m({ messageId: 77 }),
  [1, 2],
  'just a string',
  42,
  null,
];

describe('checkMessage', () => {
  it('gives every message the verdict the import pipeline gives it', async () => {
    const file = join(tmp.dir, 'corpus.jsonl');
    writeFileSync(file, CORPUS.map((c) => JSON.stringify(c)).join('\n') + '\n');
    const store = await openStore({ location: ':memory:' });
    try {
      const report = await importFiles(store, { files: [file], source: builtInSources.get('segment')! });
      const rows = await store.query<{ line: number; reason: string }>('SELECT line, reason FROM quarantine ORDER BY line');
      const byLine = new Map(rows.map((r) => [r.line, r.reason]));
      const pipeline = CORPUS.map((_, i) => byLine.get(i + 1) ?? 'accepted');
      const edge = CORPUS.map((c) => checkMessage(c)?.reason ?? 'accepted');
      const disagreements = CORPUS.map((c, i) => ({ message: JSON.stringify(c), pipeline: pipeline[i], edge: edge[i] })).filter((d) => d.pipeline !== d.edge);
      expect(disagreements).toEqual([]);
      expect(report.quarantined).toBe(edge.filter((e) => e !== 'accepted').length);
      // The corpus exercises every rule.
      expect(new Set(edge)).toEqual(new Set(['accepted', 'not json', 'wrong type', 'unknown type', 'missing timestamp', 'unparseable date', 'missing event name', 'missing id']));
    } finally {
      await store.close();
    }
  });
});
