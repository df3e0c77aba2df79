// Named run-*.test.ts so the lint rule that keeps text/ pure lets it open a store (as run.ts may).
import { describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import { scoreStoreTexts } from './run.js';

describe('scoreStoreTexts', () => {
  it('writes one sentiment prediction per customer and counts what it could not score', async () => {
    const store = await openStore({ location: ':memory:' });
    try {
      await store.exec(`INSERT INTO texts (text_id, customer_id, ts, body, source) VALUES
        ('t1', 'c1', '2026-01-01', 'Great phone, I love it!', 'test'),
        ('t2', 'c1', '2026-02-01', 'Terrible support, very angry', 'test'),
        ('t3', 'c2', '2026-01-05', 'Excellent, so happy', 'test'),
        ('t4', 'c2', '2026-01-06', '', 'test'),
        ('t5', 'c3', '2026-01-07', 'Das Produkt ist nicht gut und ich bin sehr enttäuscht', 'test'),
        ('t6', NULL, '2026-01-07', 'nobody', 'test')`);
      const r = await scoreStoreTexts(store);
      expect(r).toMatchObject({ texts: 5, scored: 3, notScored: 2, customers: 2, written: 2 });
      const rows = await store.query<{ customer_id: string; score: number; values: string }>(`SELECT customer_id, score, CAST("values" AS VARCHAR) AS "values" FROM predictions WHERE model = 'sentiment' ORDER BY customer_id`);
      expect(rows.map((x) => x.customer_id)).toEqual(['c1', 'c2']);
      const c1 = JSON.parse(rows[0]!.values) as { positive: number; negative: number; latest: number; emotion: string };
      expect(c1.positive).toBe(1);
      expect(c1.negative).toBe(1);
      expect(c1.latest).toBeLessThan(0);
      expect(rows[1]!.score).toBeGreaterThan(0.5);
      // Re-running replaces the rows of the same version.
      await scoreStoreTexts(store);
      expect(await store.query(`SELECT * FROM predictions WHERE model = 'sentiment'`)).toHaveLength(2);
    } finally {
      await store.close();
    }
  });
});
