import { describe, expect, it } from 'vitest';
import { describeSegments } from './describe-segments.js';

/**
 * 300 customers alike except that group 1 (100 of them) buys three times as often, is mostly on a
 * phone and has a 40% smaller basket; group 2 (10 rows) is DBSCAN noise.
 */
function synthetic() {
  const keys = ['orders', 'aov', 'mobile_share', 'email_share'];
  const n = 300;
  const data = new Float64Array(n * keys.length);
  const labels = new Int32Array(n);
  const revenue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const group = i < 100 ? 1 : i < 290 ? 0 : -1;
    labels[i] = group;
    const wobble = (i % 7) / 70; // small spread so standard deviations are not zero
    const orders = group === 1 ? 6 + wobble : 2 + wobble;
    const aov = group === 1 ? 30 : 50;
    data.set([orders, aov, group === 1 ? 0.8 : 0.2 + wobble, 0.1 + wobble], i * keys.length);
    revenue[i] = orders * aov;
  }
  return { data, n, keys, labels, revenue };
}

describe('describeSegments', () => {
  const cards = describeSegments(synthetic());

  it('names and describes a group from the features that set it apart', () => {
    const mobile = cards.find((c) => c.label === 1)!;
    expect(mobile.customers).toBe(100);
    expect(mobile.shareOfCustomers).toBeCloseTo(1 / 3, 10);
    expect(mobile.distinctions.map((d) => d.key)).toEqual(expect.arrayContaining(['orders', 'mobile_share', 'aov']));
    expect(mobile.distinctions.map((d) => d.key)).not.toContain('email_share');
    expect(mobile.description).toMatch(/mostly on mobile \(80% of activity on a phone\)/);
    expect(mobile.description).toMatch(/buys 1\.8× as often as the average customer/); // 6.04 vs 3.37 orders
    expect(mobile.description).toMatch(/31% lower basket \(30 vs 43.33\)/);
    expect(mobile.name).toMatch(/^Frequent mobile small-basket customers$/);
    expect(mobile.action).toMatch(/^[A-Z][a-z]+: /);
  });

  it('gives shares of customers and revenue that add up, largest group first and noise last', () => {
    expect(cards.map((c) => c.label)).toEqual([0, 1, -1]);
    expect(cards.reduce((s, c) => s + c.shareOfCustomers, 0)).toBeCloseTo(1, 10);
    expect(cards.reduce((s, c) => s + c.shareOfRevenue, 0)).toBeCloseTo(1, 10);
    expect(cards[2]!.name).toBe('Unusual customers');
    expect(new Set(cards.map((c) => c.name)).size).toBe(3);
  });

  it('says so when a group is close to everyone on every measure', () => {
    const keys = ['orders'];
    const data = Float64Array.from({ length: 40 }, (_, i) => 1 + (i % 2));
    const labels = new Int32Array(40);
    const [only] = describeSegments({ data, n: 40, keys, labels, revenue: new Float64Array(40) });
    expect(only!.description).toBe('Close to the average customer on every measure.');
    expect(only!.name).toBe('Mainstream customers');
    expect(only!.shareOfRevenue).toBe(0);
  });
});
