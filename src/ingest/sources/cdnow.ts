import { sqlIdent } from '../../store/index.js';
import { decimal, wholeNumber } from '../normalise.js';
import type { LoadContext, LoadOutcome, SourceDefinition } from '../source.js';
import { insertIdentities, insertOrderLines, upsertSeenCustomers } from '../canonical.js';
import { classifyRows, countRows, insertNew, wholeLines } from '../steps.js';

/**
 * The CDNOW purchase log (Fader & Hardie; 23,570 customers of the online music shop CDNOW who first
 * bought in 1997 Q1, followed to mid-1998). Lines of space-separated, fixed-width fields:
 * `customer_id date(YYYYMMDD) number_of_cds dollar_value` in the master file, and
 * `master_id sample_id date cds dollars` in the 1/10th sample. Hardie's files have no header;
 * the lifetimes copy of the master file adds one, which is recognised and skipped.
 *
 * Each line is one purchase: an order of `number_of_cds` units of the one product `cdnow-cd`
 * (the log has no titles), in US dollars, at 00:00 UTC of its day. CDNOW sold on the web, so the
 * channel is `online`.
 *
 * A customer can have several lines on one day, some even identical: they are separate purchases
 * in the log, so the order key cannot be the line's content alone. It is
 * `cdnow:<customer>:<YYYYMMDD>:<n>`, where n numbers the customer's lines of that day in the order
 * of (cds, dollars, line number), within its file. The key depends only on the day's lines, not
 * on where they sit in the file, so a re-import (or the sample file after the master, whose lines are a subset of
 * it) adds nothing, while every repeated purchase is kept.
 */
const SOURCE = 'cdnow';
const PRODUCT = 'cdnow-cd';

async function load(ctx: LoadContext): Promise<LoadOutcome> {
  const { store } = ctx;
  const stage = sqlIdent(ctx.stage);
  // The lifetimes header line: a first line of words, with no date in it. It is read but holds no
  // purchase; the report can only count it as a duplicate (nothing stored).
  const header = await store.execute(`DELETE FROM ${stage} WHERE _row = 1 AND regexp_matches(line, '[A-Za-z]') AND NOT regexp_matches(line, '\\d{8}')`);
  // Fields split on runs of white space; the layout (4 or 5 fields) is what most lines have.
  await store.exec(`
    CREATE OR REPLACE TEMP TABLE cdnow_split AS
    SELECT *, CASE WHEN count(*) FILTER (WHERE n = 5) OVER (PARTITION BY _file) > count(*) FILTER (WHERE n = 4) OVER (PARTITION BY _file) THEN 5 ELSE 4 END AS layout
    FROM (
      SELECT line, _file, _row, f, len(f) AS n
      FROM (SELECT *, list_filter(string_split_regex(coalesce(line, ''), '\\s+'), x -> x <> '') AS f FROM ${stage})
    )`);
  await classifyRows(
    { ...ctx, stage: 'cdnow_split' },
    'cdnow_clean',
    {
      native_id: `${wholeNumber('f[1]')}::VARCHAR`,
      day: `try_strptime(f[layout - 2], '%Y%m%d')`,
      cds: wholeNumber('f[layout - 1]'),
      dollars: decimal('f[layout]'),
    },
    [
      { when: 'n = 0', reason: 'missing field', detail: `'blank line'` },
      // One field short with the date moved into the id's place: the id is what is missing.
      { when: `n = layout - 1 AND regexp_full_match(f[layout - 3], '\\d{8}')`, reason: 'missing id', detail: `'customer id is empty'` },
      { when: 'n < layout', reason: 'missing field', detail: `'expected ' || layout || ' fields, found ' || n` },
      { when: 'n > layout', reason: 'extra field', detail: `'expected ' || layout || ' fields, found ' || n` },
      { when: 'native_id IS NULL', reason: 'wrong type', detail: `'customer id is not a number: ' || f[1]` },
      { when: 'day IS NULL', reason: 'unparseable date', detail: `'date "' || f[layout - 2] || '" is not YYYYMMDD'` },
      { when: 'cds IS NULL', reason: 'wrong type', detail: `'number of CDs is not a whole number: ' || f[layout - 1]` },
      { when: 'dollars IS NULL', reason: 'wrong type', detail: `'dollar value is not a number: ' || f[layout]` },
      { when: 'dollars < 0', reason: 'negative price', detail: `'dollar value ' || f[layout]` },
      { when: 'cds < 0', reason: 'out of range', detail: `'number of CDs ' || f[layout - 1]` },
      { when: 'cds = 0', reason: 'zero quantity', detail: `'number of CDs 0'` },
    ],
  );
  await store.exec(`
    CREATE OR REPLACE TEMP TABLE cdnow_ok AS
    SELECT *, '${SOURCE}:' || native_id || ':' || strftime(day, '%Y%m%d') || ':'
        || row_number() OVER (PARTITION BY _file, native_id, day ORDER BY cds, dollars, _row) AS order_id,
      cairn_pseudonym('${SOURCE}', native_id) AS customer_id
    FROM cdnow_clean WHERE _reason IS NULL`);
  const valid = await countRows(store, 'SELECT count(*) AS n FROM cdnow_ok');

  const common = `'${SOURCE}' AS source, '${ctx.importId}' AS import_id`;
  const orders = await insertNew(
    store,
    'orders',
    'order_id',
    ['order_id', 'customer_id', 'ts', 'kind', 'revenue', 'currency', 'channel', 'source', 'import_id'],
    `SELECT order_id, customer_id, day AS ts, 'order' AS kind, dollars AS revenue, 'USD' AS currency, 'online' AS channel, ${common} FROM cdnow_ok`,
  );
  const items = await insertOrderLines(
    ctx,
    `SELECT order_id AS line_key, order_id, '${PRODUCT}' AS product_id, cds AS quantity, (dollars / cds)::DECIMAL(18,4) AS price FROM cdnow_ok`,
  );
  const products = valid === 0 ? 0 : await store.execute(`
    INSERT INTO products (product_id, name, category, price, attributes, source, import_id)
    VALUES ('${PRODUCT}', 'CD (any title)', 'music', NULL, NULL, '${SOURCE}', '${ctx.importId}')
    ON CONFLICT DO NOTHING`);

  const customers = await upsertSeenCustomers(ctx, 'SELECT customer_id, day AS ts FROM cdnow_ok');
  const identities = await insertIdentities(
    ctx,
    `SELECT 'crm_id' AS kind, '${SOURCE}:' || native_id AS value, customer_id, day AS ts FROM cdnow_ok`,
  );

  return {
    accepted: orders,
    duplicates: valid - orders,
    skipped: header,
    written: { orders, order_items: items, products, customers, identities },
  };
}

/** Built-in source `cdnow`: the CDNOW master purchase log or its 1/10th sample. */
export const cdnow: SourceDefinition = {
  name: SOURCE,
  description: 'CDNOW purchase log (CDNOW_master.txt: customer_id date number_of_cds dollar_value; or CDNOW_sample.txt)',
  read: wholeLines,
  requiredColumns: [],
  firstLine: {
    pattern: /^\s*(customer_id\s+date\b.*|\d+\s+(\d+\s+)?\d{8}\s+-?\d+\s+-?[\d.]+)\s*$/,
    looksLike: 'a purchase such as " 00001 19970101  1   11.77" (or the lifetimes header)',
  },
  load,
};
