import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { aspectSentiments, emotions, evaluateSentiment, lexiconSentiment, parseLabelled, parseSentimentModel, trainSentimentModel, trainedSentiment, type LabelledTexts, type SentimentModel } from '../../text/index.js';
import { scoreStoreTexts } from '../../text/run.js';
import { withStore } from '../context.js';
import { UsageError } from '../errors.js';
import { formatTable, printResult, say, type GlobalOptions } from '../output.js';

interface LabelledFlags {
  labelled?: string;
  sep: string;
  c?: string;
}

/** The separator flag: TAB (or \t) for a tab, anything else as written. */
function separator(sep: string): string {
  if (sep === 'TAB' || sep === '\\t' || sep === 'tab') return '\t';
  if (!sep) throw new UsageError('--sep must not be empty (TAB, "," or ";" …)');
  return sep;
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

function positiveNumber(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`${flag} must be a positive number, got ${value}`);
  return n;
}

/** Reads a labelled file; any unreadable line is a usage error naming it. */
async function readLabelled(flags: LabelledFlags): Promise<LabelledTexts> {
  if (!flags.labelled) throw new UsageError('--labelled FILE is required (lines of text<TAB>label)');
  const data = parseLabelled(await readText(flags.labelled, 'the labelled file'), separator(flags.sep));
  if (data.problems.length) {
    const first = data.problems[0]!;
    const more = data.problems.length > 1 ? ` (and ${data.problems.length - 1} more lines)` : '';
    throw new UsageError(`${flags.labelled} line ${first.line}: ${first.reason}${more}; every line must be text${flags.sep === '\t' ? '<TAB>' : flags.sep}label`);
  }
  const classes = new Set(data.labels);
  if (classes.size < 2) throw new UsageError(`${flags.labelled} has ${classes.size === 0 ? 'no labelled lines' : `only the label '${[...classes][0]!}'`}: a model needs at least two labels`);
  return data;
}

async function evaluate(flags: LabelledFlags & { folds: string; seed: string }, options: GlobalOptions): Promise<void> {
  const data = await readLabelled(flags);
  const folds = Number(flags.folds);
  if (!Number.isInteger(folds) || folds < 2) throw new UsageError(`--folds must be a whole number of at least 2, got ${flags.folds}`);
  if (folds > data.texts.length) throw new UsageError(`--folds ${folds} is more than the ${data.texts.length} labelled texts`);
  const counts = new Map<string, number>();
  for (const l of data.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const rare = [...counts].filter(([, n]) => n < 2).map(([l]) => `'${l}'`);
  if (rare.length) throw new UsageError(`${flags.labelled}: the label${rare.length > 1 ? 's' : ''} ${rare.join(', ')} ${rare.length > 1 ? 'have' : 'has'} only one text; cross-validation needs at least two of each label`);
  const seed = Number(flags.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number, got ${flags.seed}`);
  const c = positiveNumber('--c', flags.c, 10);
  say(`text evaluate: ${data.texts.length} texts, ${folds}-fold cross-validation …`);
  const e = evaluateSentiment(data.texts, data.labels, { folds, seed, train: { c } });
  const result = { file: flags.labelled, ...e };
  printResult(options, result, () => formatTable(['model', 'accuracy', 'macroF1', 'notes'], [
    { model: 'lexicon (VADER)', accuracy: e.lexicon.accuracy.toFixed(3), macroF1: e.lexicon.macroF1.toFixed(3), notes: `no training; ${(100 * e.lexicon.neutralShare).toFixed(1)}% neutral${e.lexicon.notScored ? `, ${e.lexicon.notScored} not scored (not English)` : ''}` },
    { model: `trained (TF-IDF + logistic, C=${c})`, accuracy: e.trained.accuracy.toFixed(3), macroF1: e.trained.macroF1.toFixed(3), notes: `${folds}-fold stratified CV, seed ${seed}` },
  ]));
}

async function train(flags: LabelledFlags & { save?: string }, options: GlobalOptions): Promise<void> {
  if (!flags.save) throw new UsageError('--save MODEL.json is required: where to write the trained model');
  const data = await readLabelled(flags);
  const started = performance.now();
  const model = trainSentimentModel(data.texts, data.labels, { c: positiveNumber('--c', flags.c, 10) });
  const seconds = (performance.now() - started) / 1000;
  await writeFile(flags.save, JSON.stringify(model));
  const features = model.tfidf.blocks.reduce((s, b) => s + b.terms.length, 0);
  const result = { file: flags.labelled, saved: flags.save, texts: data.texts.length, classes: model.classes, features, seconds };
  printResult(options, result, () => `trained on ${data.texts.length} texts (classes ${model.classes.join(', ')}; ${features} features) in ${seconds.toFixed(1)} s; saved to ${flags.save}`);
}

async function loadModel(file: string): Promise<SentimentModel> {
  let json: unknown;
  try {
    json = JSON.parse(await readText(file, 'the model'));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${file} is not JSON: ${(err as Error).message}`);
  }
  try {
    return parseSentimentModel(json);
  } catch (err) {
    throw new UsageError(`${file}: ${(err as Error).message} (make one with cairn text train --labelled FILE --save MODEL.json)`);
  }
}

async function score(text: string | undefined, flags: { file?: string; model?: string }, options: GlobalOptions): Promise<void> {
  if (text !== undefined && flags.file) throw new UsageError('give a text or --file FILE, not both');
  if (text === undefined && !flags.file) throw new UsageError('give a text to score (cairn text score "great phone") or --file FILE with one text per line');
  const texts = text !== undefined ? [text] : (await readText(flags.file!, 'the file')).split(/\r?\n/).filter((l) => l.trim());
  const model = flags.model ? await loadModel(flags.model) : null;
  const rows = texts.map((t) => ({
    text: t.length > 200 ? `${t.slice(0, 200)}…` : t,
    lexicon: lexiconSentiment(t),
    ...(model ? { trained: trainedSentiment(model, t) } : {}),
    emotion: emotions(t),
    aspects: aspectSentiments(t),
  }));
  printResult(options, { texts: rows.length, results: rows }, () => formatTable(['text', 'lexicon', ...(model ? ['trained'] : []), 'emotion', 'aspects'], rows.map((r) => ({
    emotion: r.emotion.dominant ?? '',
    aspects: r.aspects.map((a) => `${a.aspect} ${a.label}`).join(', '),
    text: r.text,
    lexicon: r.lexicon.label ? `${r.lexicon.label} ${r.lexicon.score!.toFixed(3)}${r.lexicon.truncated ? ' (truncated)' : ''}` : r.lexicon.notScored === 'language not supported' ? `not supported (language '${r.lexicon.language}')` : r.lexicon.message,
    ...(r.trained ? { trained: r.trained.label ?? r.trained.className ? `${r.trained.label ?? r.trained.className} ${r.trained.score?.toFixed(3) ?? ''}`.trim() : r.trained.message } : {}),
  }))));
}

async function runOnStore(flags: { model?: string }, options: GlobalOptions): Promise<void> {
  const model = flags.model ? await loadModel(flags.model) : undefined;
  const result = await withStore(options, (store) => scoreStoreTexts(store, model ? { model } : {}));
  printResult(options, result, () => `scored ${result.scored} of ${result.texts} texts (${result.notScored} not scored: no text or not English; ${result.truncated} truncated); wrote ${result.written} customers to predictions (model 'sentiment', version '${result.version}')`);
}

/** `cairn text evaluate|train|score` on files (no store needed), and `cairn text run` on the store. */
export function registerText(program: Command): void {
  const text = program.command('text').description('sentiment of reviews, tickets and posts: a lexicon model (VADER) and a trained TF-IDF + logistic regression model');
  const labelledOptions = (cmd: Command) => cmd
    .option('--labelled <file>', 'lines of text<SEP>label (e.g. the UCI sentiment-labelled-sentences files); labels such as 0/1, neg/pos or negative/neutral/positive')
    .option('--sep <sep>', 'separator between text and label: TAB or any string', 'TAB')
    .option('--c <number>', 'inverse L2 regularisation of the logistic regression (as scikit-learn C)', '10');
  labelledOptions(text.command('evaluate'))
    .description('accuracy and macro-F1 of the lexicon model and of the trained model (stratified k-fold cross-validation) on a labelled file')
    .option('--folds <n>', 'folds of the cross-validation', '10')
    .option('--seed <n>', 'seed of the fold assignment', '42')
    .addHelpText('after', `
The lexicon model needs no training: its label (negative < −0.05 ≤ neutral ≤ 0.05 < positive)
is compared with the file's labels read as sentiments (1/pos/positive, 0/neg/negative, neutral);
on a two-label file a neutral answer counts as wrong. The trained model is fitted on k − 1 folds
and predicts the k-th, for each fold. Macro-F1 is the mean F1 over the file's labels.

Example:
  cairn text evaluate --labelled ../shared/data/sentiment-labelled-sentences/yelp_labelled.txt --folds 10 --json`)
    .action(async (flags: LabelledFlags & { folds: string; seed: string }, cmd: Command) => evaluate({ ...flags, sep: separator(flags.sep) }, cmd.optsWithGlobals<GlobalOptions>()));
  labelledOptions(text.command('train'))
    .description('train the TF-IDF (word 1–2 and char 2–5 grams) + logistic regression model on a labelled file and save it as JSON')
    .option('--save <file>', 'where to write the model (JSON)')
    .addHelpText('after', `
Example:
  cairn text train --labelled reviews.tsv --save sentiment.json
  cairn text score "arrived late and broken" --model sentiment.json`)
    .action(async (flags: LabelledFlags & { save?: string }, cmd: Command) => train({ ...flags, sep: separator(flags.sep) }, cmd.optsWithGlobals<GlobalOptions>()));
  text.command('score')
    .description('score texts: the lexicon model, and a trained model when --model is given; score in [−1, 1] and a label')
    .argument('[text]', 'the text to score')
    .option('--file <file>', 'score every line of this file instead')
    .option('--model <file>', 'a model saved by cairn text train')
    .addHelpText('after', `
Empty text answers "no text"; texts over 20,000 characters are read up to there and flagged
"truncated"; the lexicon model reads English only and answers "language not supported" for
German, French, Spanish, Italian, Portuguese or Dutch.

Examples:
  cairn text score "The battery died after two days 😡"
  cairn text score --file tickets.txt --model sentiment.json --json`)
    .action(async (value: string | undefined, flags: { file?: string; model?: string }, cmd: Command) => score(value, flags, cmd.optsWithGlobals<GlobalOptions>()));
  text.command('run')
    .description("score the store's texts (reviews, tickets, posts) and write each customer's sentiment to predictions (model 'sentiment')")
    .option('--model <file>', 'a model saved by cairn text train (default: the lexicon model)')
    .addHelpText('after', `
Each customer's row: score = mean sentiment of their texts in [−1, 1]; values = texts, scored,
notScored, positive/neutral/negative counts, latest score and its time, most frequent emotion.

Example:
  cairn text run --db shop.duckdb --json`)
    .action(async (flags: { model?: string }, cmd: Command) => runOnStore(flags, cmd.optsWithGlobals<GlobalOptions>()));
}
