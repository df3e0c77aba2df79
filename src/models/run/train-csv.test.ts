import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TabularInputError } from '../tabular/index.js';
import { loadArtifact, saveArtifact } from './csv-artifact.js';
import { predictFromCsv } from './predict-csv.js';
import { trainFromCsv } from './train-csv.js';

const TELCO = new URL('../../../../shared/data/telco-customer-churn/Telco-Customer-Churn.csv', import.meta.url).pathname;
const haveTelco = existsSync(TELCO);
if (!haveTelco) console.warn(`train-csv tests on Telco skipped: ${TELCO} is missing (see ../shared/data)`);

const dir = mkdtempSync(join(tmpdir(), 'cairn-train-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The header and rows [from, to) of the Telco file, optionally without some columns. */
function telcoSlice(name: string, from: number, to: number, without: readonly string[] = []): string {
  const lines = readFileSync(TELCO, 'utf8').split(/\r?\n/);
  const header = lines[0]!.split(',');
  const keep = header.map((h, i) => (without.includes(h) ? -1 : i)).filter((i) => i >= 0);
  const pick = (line: string): string => {
    const cells = line.split(',');
    return keep.map((i) => cells[i]).join(',');
  };
  const file = join(dir, name);
  writeFileSync(file, `${[pick(lines[0]!), ...lines.slice(from, to).map(pick)].join('\n')}\n`);
  return file;
}

function writeCsv(name: string, header: string[], rows: (string | number)[][]): string {
  const file = join(dir, name);
  writeFileSync(file, `${[header.join(','), ...rows.map((r) => r.join(','))].join('\n')}\n`);
  return file;
}

describe.runIf(haveTelco)('trainFromCsv on 600 Telco customers', () => {
  it('infers the columns, trains logistic regression, audits gender and SeniorCitizen, and scores a new file with reasons', async () => {
    const csv = telcoSlice('telco-600.csv', 1, 601);
    const { report, artifact } = await trainFromCsv({ csv, target: 'Churn', model: 'logistic', sensitive: ['gender', 'SeniorCitizen'] });
    const type = Object.fromEntries(report.columns.map((c) => [c.name, `${c.type}/${c.role}`]));
    expect(type).toMatchObject({
      customerID: 'id/id',
      gender: 'categorical/sensitive',
      SeniorCitizen: 'boolean/sensitive',
      Partner: 'boolean/feature',
      tenure: 'number/feature',
      Contract: 'categorical/feature',
      TotalCharges: 'number/feature',
      Churn: 'boolean/target',
    });
    expect(report.warnings).toContainEqual(expect.objectContaining({ code: 'id-column', column: 'customerID' }));
    expect(report.warnings).toContainEqual(expect.objectContaining({ code: 'missing-values', column: 'TotalCharges' }));
    expect(report.split).toEqual({ kind: 'stratified', testFraction: 0.2, seed: 42 });
    expect(report.rows).toEqual({ train: 480, test: 120 });
    expect(report.target).toMatchObject({ column: 'Churn', positive: 'Yes', negative: 'No' });
    expect(report.target.train.positiveRate).toBeCloseTo(report.target.test.positiveRate, 1);
    expect(report.leaky).toEqual([]);
    const [m] = report.models;
    expect(m!.kind).toBe('logistic');
    expect(m!.test.rocAuc).toBeGreaterThan(0.75);
    expect(m!.test.calibration.length).toBeGreaterThan(3);
    expect(m!.test.topDecile.lift).toBeGreaterThan(1.5);
    expect(m!.importance).toHaveLength(10);
    expect(m!.fairness!.map((a) => a.attribute)).toEqual(['gender', 'SeniorCitizen']);
    expect(m!.fairness![1]!.groups.map((g) => g.group).sort()).toEqual(['0', '1']);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);

    const file = join(dir, 'telco.model.json');
    await saveArtifact(file, artifact);
    const loaded = await loadArtifact(file);
    const scoring = telcoSlice('telco-score.csv', 601, 651, ['Churn']);
    const scored = await predictFromCsv({ artifact: loaded, csv: scoring });
    expect(scored.rows).toHaveLength(50);
    expect(scored.rows[0]!.id).toMatch(/^\d{4}-[A-Z]{5}$/);
    for (const row of scored.rows) {
      expect(row.probability).toBeGreaterThanOrEqual(0);
      expect(row.probability).toBeLessThanOrEqual(1);
      expect(row.label).toBe(row.probability >= 0.5 ? 'Yes' : 'No');
      expect(row.reasons).toHaveLength(3);
    }
    const texts = scored.rows.flatMap((r) => r.reasons.map((x) => x.text));
    expect(texts).toContain('Contract = Month-to-month raises risk');
    expect(scored.warnings).toEqual([]);
  });

  it('trains every kind with calibration and keeps the best', async () => {
    const csv = telcoSlice('telco-600b.csv', 1, 601);
    const { report, artifact } = await trainFromCsv({ csv, target: 'Churn', model: 'all', calibrate: 'platt', seed: 7, params: { mlp: { maxEpochs: 30 } } });
    expect(report.models.map((m) => m.kind)).toEqual(['logistic', 'gbdt', 'mlp']);
    for (const m of report.models) {
      expect(m.test.rocAuc).toBeGreaterThan(0.7);
      expect(m.calibration).toBe('platt');
    }
    const best = Math.max(...report.models.map((m) => m.test.rocAuc));
    expect(report.models.find((m) => m.kind === report.chosen)!.test.rocAuc).toBe(best);
    expect(artifact.kind).toBe(report.chosen);
    expect(artifact.calibrator).not.toBeNull();
    const scored = await predictFromCsv({ artifact, csv: telcoSlice('telco-score2.csv', 601, 611), reasons: 2 });
    expect(scored.rows).toHaveLength(10);
  });

  it('tunes on a validation split of the training rows and reports what it tried', async () => {
    const csv = telcoSlice('telco-600c.csv', 1, 601);
    const { report } = await trainFromCsv({ csv, target: 'Churn', model: 'gbdt', tune: true, params: { gbdt: { maxIter: 30 } } });
    const m = report.models[0]!;
    expect(m.tuning!.candidates).toHaveLength(4);
    expect(m.tuning!.validationRows).toBe(96);
    for (const c of m.tuning!.candidates) expect(c.params['maxIter']).toBe(30);
    const best = Math.min(...m.tuning!.candidates.map((c) => c.validLogLoss));
    expect(m.tuning!.candidates.find((c) => c.validLogLoss === best)!.params).toEqual(m.params);
  });

  it('uses a test file with the same columns, and names the columns of one that differs', async () => {
    const csv = telcoSlice('telco-train.csv', 1, 401);
    const testCsv = telcoSlice('telco-test.csv', 401, 601);
    const { report } = await trainFromCsv({ csv, testCsv, target: 'Churn', model: 'gbdt' });
    expect(report.split).toEqual({ kind: 'test-file' });
    expect(report.rows).toEqual({ train: 400, test: 200 });
    expect(report.models[0]!.test.rocAuc).toBeGreaterThan(0.7);
    const other = telcoSlice('telco-other.csv', 401, 601, ['tenure']);
    await expect(trainFromCsv({ csv, testCsv: other, target: 'Churn', model: 'logistic' })).rejects.toThrow(/lacks tenure/);
  });
});

describe('trainFromCsv on bad input', () => {
  /** 60 rows with a signal in x, a plan column and an id. */
  const rows = (f: (i: number) => (string | number)[] = () => []): (string | number)[][] =>
    Array.from({ length: 60 }, (_, i) => [`id-${String(i)}`, ((i * 37) % 60) / 10, ['a', 'b', 'c'][i % 3]!, (i * 37) % 60 > 35 || i % 11 === 0 ? 'yes' : 'no', ...f(i)]);

  it('refuses a target with one class', async () => {
    const csv = writeCsv('one-class.csv', ['id', 'x', 'plan', 'left'], rows().map((r) => [r[0]!, r[1]!, r[2]!, 'no']));
    await expect(trainFromCsv({ csv, target: 'left', model: 'logistic' })).rejects.toThrow(/target left has one class \(no\)/);
  });

  it('refuses an unknown target column and a missing file', async () => {
    const csv = writeCsv('ok.csv', ['id', 'x', 'plan', 'left'], rows());
    await expect(trainFromCsv({ csv, target: 'churned', model: 'logistic' })).rejects.toThrow(/--target churned: no such column/);
    await expect(trainFromCsv({ csv: join(dir, 'none.csv'), target: 'left' })).rejects.toThrow(TabularInputError);
  });

  it('flags a leaky column in the report, and drops it when asked', async () => {
    const csv = writeCsv('leaky.csv', ['id', 'x', 'plan', 'left', 'closed_reason'], rows((i) => [(i * 37) % 60 > 35 || i % 11 === 0 ? 'moved' : '']));
    const { report } = await trainFromCsv({ csv, target: 'left', model: 'logistic' });
    expect(report.leaky).toEqual(['closed_reason']);
    expect(report.warnings).toContainEqual(expect.objectContaining({ code: 'leaky-column', column: 'closed_reason' }));
    const dropped = await trainFromCsv({ csv, target: 'left', model: 'logistic', dropLeaky: true });
    expect(dropped.report.columns.find((c) => c.name === 'closed_reason')?.role).toBe('dropped');
    expect(dropped.report.features).toBe(report.features - 1);
  });

  it('refuses more features than rows', async () => {
    const header = ['id', 'x', 'plan', 'left', ...Array.from({ length: 60 }, (_, j) => `f${String(j)}`)];
    const csv = writeCsv('wide.csv', header, rows((i) => Array.from({ length: 60 }, (_, j) => ((i + 1) * (j + 3)) % 17)));
    await expect(trainFromCsv({ csv, target: 'left', model: 'logistic' })).rejects.toThrow(/48 training rows but 6[0-9] features/);
  });

  it('reads text in a number column as missing and says how many', async () => {
    const csv = writeCsv('text-in-number.csv', ['id', 'x', 'plan', 'left', 'spend'], rows((i) => [i % 20 === 0 ? 'unknown' : i * 1.5]));
    const { report } = await trainFromCsv({ csv, target: 'left', model: 'logistic' });
    const w = report.warnings.find((x) => x.column === 'spend');
    expect(w).toMatchObject({ code: 'text-in-number-column' });
    expect(w!.message).toMatch(/non-numeric value/);
  });
});
