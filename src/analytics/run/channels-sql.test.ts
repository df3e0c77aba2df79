import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/index.js';
import { channelSql } from '../channels.js';
import { CHANNEL_CASES } from '../../../test/channel-cases.js';

describe('channelSql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ location: ':memory:', secret: '07'.repeat(32) });
  });
  afterAll(async () => {
    await store.close();
  });

  it('gives in DuckDB the channel channelOf gives, for every case of the table', async () => {
    const values = CHANNEL_CASES.map((_c, i) => `(${String(i)}, ?, ?, ?, ?, ?)`).join(', ');
    const params = CHANNEL_CASES.flatMap(([, t]) => [t.source ?? null, t.medium ?? null, t.referrer ?? null, t.pageUrl ?? null, t.eventChannel ?? null]);
    const sql = `SELECT i, ${channelSql({ source: 's', medium: 'm', referrer: 'r', pageUrl: 'p', eventChannel: 'c' })} AS channel
      FROM (VALUES ${values}) AS t(i, s, m, r, p, c) ORDER BY i`;
    const rows = await store.query<{ channel: string }>(sql, params);
    expect(rows.map((r) => r.channel)).toEqual(CHANNEL_CASES.map(([, , expected]) => expected));
  });
});
