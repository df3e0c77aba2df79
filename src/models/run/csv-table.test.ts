import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TabularInputError } from '../tabular/index.js';
import { loadArtifact, saveArtifact, type CsvModelArtifact } from './csv-artifact.js';
import { readCsvTable } from './csv-table.js';

const dir = mkdtempSync(join(tmpdir(), 'cairn-csv-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readCsvTable', () => {
  it('reads every value as text, blanks kept for inference', async () => {
    const file = join(dir, 'a.csv');
    writeFileSync(file, 'id,amount,plan\n1,12.5,"pro, yearly"\n2, ,basic\n3,,basic\n');
    const t = await readCsvTable(file);
    expect(t.columns).toEqual(['id', 'amount', 'plan']);
    expect(t.rows).toBe(3);
    expect(t.values[1]).toEqual(['12.5', ' ', null]);
    expect(t.values[2]![0]).toBe('pro, yearly');
  });

  it('says when the file is missing or empty', async () => {
    await expect(readCsvTable(join(dir, 'nope.csv'))).rejects.toThrow(TabularInputError);
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, 'a,b\n');
    await expect(readCsvTable(empty, '--test-csv')).rejects.toThrow(/--test-csv .* has no rows/);
  });
});

describe('saveArtifact / loadArtifact', () => {
  it('round-trips and refuses other JSON', async () => {
    const artifact: CsvModelArtifact = {
      format: 'cairn.csv-model',
      version: 1,
      kind: 'logistic',
      trainedAt: '2024-01-01T00:00:00.000Z',
      columns: ['a', 'y'],
      target: { column: 'y', positive: 'Yes', negative: 'No', chosenBy: 'yes-like' },
      encoder: { columns: [{ column: 'a', type: 'number' }], names: ['a'] },
      idColumn: null,
      threshold: 0.5,
      model: { kind: 'logistic', weights: [1] },
      calibrator: null,
      sensitive: [],
      metrics: { rocAuc: 0.8, prAuc: 0.6, logLoss: 0.4, brier: 0.13, accuracy: 0.8 },
    };
    const file = join(dir, 'model.json');
    await saveArtifact(file, artifact);
    expect(await loadArtifact(file)).toEqual(artifact);
    writeFileSync(join(dir, 'other.json'), '{"hello": 1}');
    await expect(loadArtifact(join(dir, 'other.json'))).rejects.toThrow(/not a Cairn CSV model/);
    writeFileSync(join(dir, 'broken.json'), '{');
    await expect(loadArtifact(join(dir, 'broken.json'))).rejects.toThrow(/not a model file/);
  });
});
