import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiApp, type ApiApp } from '../../../../test/api-app.js';

interface Body {
  customerId: string;
  coldStart: boolean;
  model: string;
  history: { purchased: number; viewed: number };
  items: { productId: string; category: string | null; reason: { kind: string; text: string; productId: string | null } }[];
}

describe('GET /api/customers/:id/recommendations', () => {
  let api: ApiApp;
  let buyer: string;
  let bought: Set<string>;

  beforeAll(async () => {
    api = await apiApp({ shop: true });
    const [row] = await api.store.query<{ customer_id: string }>(
      `SELECT o.customer_id FROM orders o JOIN order_items i ON i.order_id = o.order_id
        WHERE o.kind = 'order' AND o.customer_id IS NOT NULL GROUP BY 1 ORDER BY count(DISTINCT i.product_id) DESC, 1 LIMIT 1`,
    );
    buyer = row!.customer_id;
    const items = await api.store.query<{ product_id: string }>(
      `SELECT DISTINCT i.product_id FROM order_items i JOIN orders o ON o.order_id = i.order_id WHERE o.customer_id = ? AND o.kind = 'order' AND i.quantity > 0`,
      [buyer],
    );
    bought = new Set(items.map((r) => r.product_id));
  }, 60_000);
  afterAll(async () => api.close());

  it('returns k products the customer has not bought, each with its reason in words', async () => {
    const res = await api.call(`/api/customers/${buyer}/recommendations?k=5`, api.keys.analyst);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Body>();
    expect(body.coldStart).toBe(false);
    expect(body.history.purchased).toBe(bought.size);
    expect(body.items).toHaveLength(5);
    for (const item of body.items) {
      expect(bought.has(item.productId)).toBe(false);
      expect(item.reason.text).toMatch(/^(bought by customers who (bought|viewed) .+|similar to .+|popular with other customers)$/);
    }
    expect(body.items.some((i) => i.reason.kind === 'bought-together')).toBe(true);
  });

  it('leaves out excluded categories', async () => {
    const first = (await api.call(`/api/customers/${buyer}/recommendations?k=5`, api.keys.analyst)).json<Body>();
    const category = first.items.find((i) => i.category)?.category;
    expect(category).toBeTruthy();
    const res = await api.call(`/api/customers/${buyer}/recommendations?k=5&exclude=${encodeURIComponent(category!)}`, api.keys.analyst);
    expect(res.json<Body>().items.every((i) => i.category !== category)).toBe(true);
  });

  it('gives a customer without history the popular products, said so', async () => {
    const [row] = await api.store.query<{ customer_id: string }>(
      `SELECT customer_id FROM customers c
        WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)
          AND NOT EXISTS (SELECT 1 FROM events e WHERE e.customer_id = c.customer_id AND e.name = 'Product Viewed')
        ORDER BY 1 LIMIT 1`,
    );
    expect(row, 'the small shop has a customer without orders or views').toBeDefined();
    const res = await api.call(`/api/customers/${row!.customer_id}/recommendations?k=3`, api.keys.analyst);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Body>();
    expect(body.coldStart).toBe(true);
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((i) => i.reason.kind === 'popular')).toBe(true);
  });

  it('is 404 for an unknown customer, 400 for a bad k, 403 for a viewer key', async () => {
    expect((await api.call('/api/customers/c_nobody/recommendations', api.keys.analyst)).statusCode).toBe(404);
    expect((await api.call(`/api/customers/${buyer}/recommendations?k=0`, api.keys.analyst)).statusCode).toBe(400);
    expect((await api.call(`/api/customers/${buyer}/recommendations`, api.keys.viewer)).statusCode).toBe(403);
  });
});
