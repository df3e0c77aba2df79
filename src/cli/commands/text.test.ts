import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { tempDir } from '../../../test/temp.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const GOOD = ['great phone, love it', 'excellent value and works great', 'love the sound, very good', 'good battery, happy with it', 'works perfectly, great buy', 'very happy, excellent quality'];
const BAD = ['terrible phone, broke in a day', 'awful sound and bad battery', 'waste of money, do not buy', 'poor quality, very disappointed', 'stopped working, terrible', 'bad product, awful support'];
const labelled = join(tmp.dir, 'labelled.txt');
writeFileSync(labelled, [...GOOD.map((t) => `${t}\t1`), ...BAD.map((t) => `${t}\t0`)].join('\n'));

describe('cairn text', () => {
  it('evaluates both models with k-fold CV', async () => {
    const r = await runCli('--json', 'text', 'evaluate', '--labelled', labelled, '--folds', '3');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { texts: number; folds: number; lexicon: { accuracy: number; macroF1: number }; trained: { accuracy: number; macroF1: number } };
    expect(doc.texts).toBe(12);
    expect(doc.folds).toBe(3);
    expect(doc.lexicon.accuracy).toBeGreaterThan(0.7);
    expect(doc.trained.macroF1).toBeGreaterThan(0);
    const human = await runCli('text', 'evaluate', '--labelled', labelled, '--folds', '3');
    expect(human.stdout).toMatch(/lexicon \(VADER\)/);
  });

  it('trains, saves and scores with the saved model', async () => {
    const model = join(tmp.dir, 'model.json');
    const t = await runCli('--json', 'text', 'train', '--labelled', labelled, '--save', model);
    expect(t.code, t.stderr).toBe(0);
    expect(JSON.parse(readFileSync(model, 'utf8')).kind).toBe('cairn-text-sentiment');
    const s = await runCli('--json', 'text', 'score', 'great quality, love it', '--model', model);
    expect(s.code, s.stderr).toBe(0);
    const doc = JSON.parse(s.stdout) as { results: { lexicon: { label: string }; trained: { label: string; score: number } }[] };
    expect(doc.results[0]!.lexicon.label).toBe('positive');
    expect(doc.results[0]!.trained.label).toBe('positive');
  });

  it('scores a file line by line, with clear answers for bad input', async () => {
    const file = join(tmp.dir, 'texts.txt');
    writeFileSync(file, ['<b>Awful</b> service', '😀😀', 'Das ist nicht gut', `${'long '.repeat(10_000)}great`].join('\n'));
    const r = await runCli('--json', 'text', 'score', '--file', file);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { results: { lexicon: { label: string | null; notScored?: string; truncated: boolean } }[] };
    expect(doc.results.map((x) => x.lexicon.label)).toEqual(['negative', 'positive', null, 'neutral']);
    expect(doc.results[2]!.lexicon.notScored).toBe('language not supported');
    expect(doc.results[3]!.lexicon.truncated).toBe(true);
    const empty = await runCli('--json', 'text', 'score', '');
    expect((JSON.parse(empty.stdout) as { results: { lexicon: { message: string } }[] }).results[0]!.lexicon.message).toBe('no text');
  });

  it('exits 2 with a message that says what to do', async () => {
    const bad = join(tmp.dir, 'bad.txt');
    writeFileSync(bad, 'fine\t1\nno label here\nok\t0\n');
    writeFileSync(bad.replace('bad', 'rare'), 'fine\t1\ngood\t1\nok\tx\n');
    const cases: [string[], RegExp][] = [
      [['text', 'evaluate'], /--labelled FILE is required/],
      [['text', 'evaluate', '--labelled', bad], /line 2: no separator/],
      [['text', 'evaluate', '--labelled', join(tmp.dir, 'missing.txt')], /cannot read the labelled file/],
      [['text', 'evaluate', '--labelled', labelled, '--folds', '1'], /--folds must be/],
      [['text', 'train', '--labelled', labelled], /--save MODEL.json is required/],
      [['text', 'evaluate', '--labelled', bad.replace('bad', 'rare'), '--folds', '2'], /'x' has only one text/],
      [['text', 'score'], /give a text to score/],
      [['text', 'score', 'x', '--model', labelled], /is not JSON/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('cairn text run', () => {
  it("scores the store's texts into predictions", async () => {
    const db = join(tmp.dir, 'shop.duckdb');
    const { openStore } = await import('../../store/index.js');
    const store = await openStore({ location: db });
    await store.exec(`INSERT INTO texts (text_id, customer_id, ts, body, source) VALUES ('t1', 'c1', '2026-01-01', 'Great phone, I love it!', 'test'), ('t2', 'c2', '2026-01-02', 'Awful, broken on arrival', 'test')`);
    await store.close();
    const r = await runCli('--json', '--db', db, 'text', 'run');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ texts: 2, scored: 2, written: 2, version: 'lexicon-vader@1' });
  });
});
