import type { LoadContext, LoadOutcome, SourceDefinition } from '../source.js';
import { classifyRows, countRows, insertNew, wholeLines } from '../steps.js';

/**
 * UCI "Sentiment Labelled Sentences" (Kotzias et al. 2015): `sentence<TAB>label` lines, no
 * header, label 1 positive and 0 negative, one file per site (`amazon_cells_labelled.txt`,
 * `imdb_labelled.txt`, `yelp_labelled.txt`). Each line becomes a text with its label, the site as
 * channel and no customer.
 *
 * Lines are read whole (no CSV quoting: the imdb file has stray quotes, which a CSV reader turns
 * into 748 rows instead of 1,000) and split on the last tab. The same sentence can appear twice
 * in a file, written by different people, so the text id is the md5 of channel and line plus the
 * occurrence number of that line in its file: a re-import adds nothing and no review is lost.
 */
const SOURCE = 'reviews';

async function load(ctx: LoadContext): Promise<LoadOutcome> {
  const { store } = ctx;
  const base = `regexp_extract(_file, '([^/\\\\]+)$', 1)`;
  await classifyRows(
    ctx,
    'reviews_clean',
    {
      body: `nullif(trim(regexp_extract(line, '^(.*)\\t[^\\t]*$', 1)), '')`,
      label_text: `trim(regexp_extract(line, '\\t([^\\t]*)$', 1))`,
      site: `coalesce(nullif(regexp_extract(lower(${base}), '^(amazon|imdb|yelp)', 1), ''), regexp_replace(lower(${base}), '(_labelled)?\\.[^.]*$', ''))`,
    },
    [
      { when: `trim(coalesce(line, '')) = ''`, reason: 'missing field', detail: `'blank line'` },
      { when: `strpos(line, chr(9)) = 0`, reason: 'missing field', detail: `'no tab between sentence and label'` },
      { when: 'body IS NULL', reason: 'missing field', detail: `'the sentence is empty'` },
      { when: `label_text NOT IN ('0', '1')`, reason: 'wrong type', detail: `'label is not 0 or 1: ' || label_text` },
    ],
  );
  await store.exec(`
    CREATE OR REPLACE TEMP TABLE reviews_ok AS
    SELECT *, '${SOURCE}:' || md5(site || chr(9) || line) || ':' || row_number() OVER (PARTITION BY _file, line ORDER BY _row) AS text_id
    FROM reviews_clean WHERE _reason IS NULL`);
  const valid = await countRows(store, 'SELECT count(*) AS n FROM reviews_ok');
  const texts = await insertNew(
    store,
    'texts',
    'text_id',
    ['text_id', 'channel', 'body', 'label', 'source', 'import_id'],
    `SELECT text_id, site AS channel, body, CASE label_text WHEN '1' THEN 'positive' ELSE 'negative' END AS label,
       '${SOURCE}' AS source, '${ctx.importId}' AS import_id
     FROM reviews_ok`,
  );
  return { accepted: texts, duplicates: valid - texts, written: { texts } };
}

/** Built-in source `reviews`: sentiment-labelled sentences (`sentence<TAB>0|1` per line). */
export const reviews: SourceDefinition = {
  name: SOURCE,
  description: 'Sentiment-labelled sentences, one `sentence<TAB>0|1` per line (amazon/imdb/yelp_labelled.txt)',
  read: wholeLines,
  requiredColumns: [],
  firstLine: { pattern: /\t\s*[01]\s*$/, looksLike: 'a sentence, a tab and a label 0 or 1' },
  load,
};
