import { sqlIdent } from '../../store/index.js';
import { ImportError } from '../errors.js';
import { splitHeader } from '../files.js';
import type { LoadContext, LoadOutcome, SourceDefinition } from '../source.js';
import { quarantineRejects, wholeLines } from '../steps.js';
import { olistCategories, olistPayments, olistProducts, olistSellers } from './olist-layouts.js';

/**
 * `--source olist`: any of the Olist files in one command (`olist_*.csv`,
 * `product_category_name_translation.csv`), each loaded by the layout its header names.
 *
 * The importer stages a batch of small files into one table, which cannot hold four different
 * layouts; so this source stages whole lines only to learn each file's header and line count, then
 * re-reads each file with its layout's own CSV reading and hands it to that layout's load step.
 * The header line (and any line that a quoted field carried into the record before it) is read
 * but holds no record: it is counted as skipped, not read.
 */
const LAYOUTS = [olistProducts, olistSellers, olistPayments, olistCategories];
const STAGE = 'olist_layout_stage';

async function load(ctx: LoadContext): Promise<LoadOutcome> {
  const { store } = ctx;
  const files = await store.query<{ file: string; header: string | null; lines: number }>(
    `SELECT _file AS file, arg_min(line, _row) AS header, count(*) AS lines FROM ${sqlIdent(ctx.stage)} GROUP BY _file ORDER BY _file`,
  );
  // Every file's layout first, so that a stranger in the batch refuses it before anything is written.
  const plan = files.map(({ file, header, lines }) => {
    const columns = splitHeader((header ?? '').replace(/^\uFEFF/, ''), ',');
    const layout = LAYOUTS.find((s) => s.requiredColumns.every((c) => columns.includes(c)));
    if (!layout) {
      throw new ImportError(
        `${file} is not one of the Olist files (its columns: ${columns.slice(0, 9).join(', ')}); source olist reads ${LAYOUTS.map((s) => s.description.replace(/^Olist /, '')).join('; ')}`,
        file,
      );
    }
    return { file, lines, columns, layout };
  });

  const total: LoadOutcome = { accepted: 0, duplicates: 0, skipped: 0, written: {} };
  for (const { file, lines, columns, layout } of plan) {
    const staged = await store.stageFiles({ files: [file], table: STAGE, format: 'csv', csv: { ...layout.read.csv, columns } });
    await quarantineRejects(store, ctx.importId, layout.name, staged.rejects);
    // Rejects are recorded under the layout's name, so `cairn quarantine replay --source olist-products` takes them back.
    const outcome = await layout.load({ ...ctx, source: layout.name, file, stage: STAGE, columns: staged.columns });
    total.accepted += outcome.accepted;
    total.duplicates += outcome.duplicates;
    total.skipped = (total.skipped ?? 0) + (lines - staged.rows - staged.rejects.length);
    for (const [table, n] of Object.entries(outcome.written)) total.written[table] = (total.written[table] ?? 0) + n;
    await store.exec(`DROP TABLE IF EXISTS ${STAGE}`);
  }
  return total;
}

/** Built-in source `olist`: the Olist products, sellers, payments and category-name files, mixed. */
export const olist: SourceDefinition = {
  name: 'olist',
  description: 'Olist marketplace files, any mix of products, sellers, order payments and category translation',
  read: wholeLines,
  requiredColumns: [],
  load,
};
