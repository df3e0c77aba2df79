import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairwiseScores } from '../../identity/index.js';
import { runCli } from '../../../test/run-cli.js';
import { smallShop } from '../../../test/small-shop.js';

/** crm_id → person index, from the generator's truth file. */
function crmTruth(shop: string): Map<string, number> {
  const lines = readFileSync(join(shop, 'truth', 'customers.csv'), 'utf8').trim().split('\n');
  const header = lines.shift()!.split(',');
  const at = header.indexOf('crm_ids');
  const truth = new Map<string, number>();
  lines.forEach((line, k) => {
    for (const id of line.split(',')[at]!.split(';')) if (id) truth.set(id, k);
  });
  return truth;
}

describe('cairn identity dedupe', () => {
  let shop: { dir: string; cleanup: () => void };
  beforeAll(async () => {
    shop = await smallShop(800, 30);
  });
  afterAll(() => shop.cleanup());

  it('finds the generated CRM duplicates (pairwise F1 above 0.9) and writes clusters and the review list', async () => {
    const out = join(shop.dir, 'clusters.csv');
    const review = join(shop.dir, 'review.csv');
    const r = await runCli('identity', 'dedupe', '--csv', join(shop.dir, 'crm.csv'), '--id', 'crm_id', '--out', out, '--review', review, '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.fields).toMatchObject({ first_name: 'first_name', surname: 'last_name', dob: 'date_of_birth', email: 'email', phone: 'phone', city: 'city', postcode: 'postcode' });
    expect(report.pairsCompared).toBeGreaterThan(0);
    expect(report.pairsCompared).toBeLessThan(report.possiblePairs / 50);
    const email = report.model.comparisons.find((c: { field: string }) => c.field === 'email');
    expect(email.levels.map((l: { level: string }) => l.level)).toEqual(['exact', 'same local part', 'Levenshtein ≤ 2', 'else']);
    expect(email.levels[0].m).toBeGreaterThan(0.3);
    expect(email.levels[0].u).toBeLessThan(0.01);

    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('crm_id,cluster_id');
    expect(rows.length - 1).toBe(report.records);
    const truth = crmTruth(shop.dir);
    const ids = rows.slice(1).map((l) => l.split(','));
    const clusterIndex = new Map<string, number>();
    const predicted = ids.map(([, c]) => clusterIndex.get(c!) ?? (clusterIndex.set(c!, clusterIndex.size), clusterIndex.size - 1));
    const actual = ids.map(([id], i) => truth.get(id!) ?? -1 - i);
    const scores = pairwiseScores(predicted, actual);
    expect(scores.truePairs).toBeGreaterThan(20);
    expect(scores.f1).toBeGreaterThan(0.9);
    expect(report.clusters).toBe(clusterIndex.size);

    const reviewLines = readFileSync(review, 'utf8').trim().split('\n');
    expect(reviewLines[0]).toBe('left_id,right_id,match_probability,match_weight,evidence');
    expect(reviewLines.length - 1).toBe(report.reviewPairs);
    for (const line of reviewLines.slice(1)) {
      const p = Number(line.split(',')[2]);
      expect(p).toBeGreaterThanOrEqual(0.5);
      expect(p).toBeLessThan(0.9);
    }
  });

  it('prints the model and the counts as text', async () => {
    const r = await runCli('identity', 'dedupe', '--csv', join(shop.dir, 'crm.csv'), '--id', 'crm_id', '--fields', 'first_name,surname,dob,email', '--out', join(shop.dir, 'c2.csv'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Compared [\d,]+ candidate pairs/);
    expect(r.stdout).toMatch(/dob\n\s+exact\s+m=/);
    expect(r.stdout).not.toMatch(/postcode/);
  });

  it('refuses bad input with a message that says what to do', async () => {
    const csv = join(shop.dir, 'crm.csv');
    const out = join(shop.dir, 'x.csv');
    const noId = await runCli('identity', 'dedupe', '--csv', csv, '--id', 'customer', '--out', out, '--json');
    expect(noId.code).toBe(2);
    expect(JSON.parse(noId.stdout).error.message).toMatch(/--id customer: no such column .*it has: crm_id, first_name/);

    const missing = await runCli('identity', 'dedupe', '--csv', join(shop.dir, 'nope.csv'), '--id', 'crm_id', '--out', out);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);

    const odd = join(shop.dir, 'odd.csv');
    writeFileSync(odd, 'key,colour,size\n1,red,3\n2,blue,4\n');
    const unusable = await runCli('identity', 'dedupe', '--csv', odd, '--id', 'key', '--out', out);
    expect(unusable.code).toBe(2);
    expect(unusable.stderr).toMatch(/no column the matcher recognises.*--fields/);

    const one = join(shop.dir, 'one-field.csv');
    writeFileSync(one, 'id,email\n1,a@x.de\n2,b@x.de\n3,a@x.de\n');
    const single = await runCli('identity', 'dedupe', '--csv', one, '--id', 'id', '--out', out);
    expect(single.code).toBe(2);
    expect(single.stderr).toMatch(/at least two usable fields/);

    const kind = await runCli('identity', 'dedupe', '--csv', csv, '--id', 'crm_id', '--fields', 'shoe_size', '--out', out);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/shoe_size is not a field kind/);

    const threshold = await runCli('identity', 'dedupe', '--csv', csv, '--id', 'crm_id', '--threshold', '1.5', '--out', out);
    expect(threshold.code).toBe(2);
    expect(threshold.stderr).toMatch(/--threshold 1.5 must be a probability/);

    const noOut = await runCli('identity', 'dedupe', '--csv', csv, '--id', 'crm_id');
    expect(noOut.code).toBe(2);
  });
});
