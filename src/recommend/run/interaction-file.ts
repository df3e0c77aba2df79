import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** The roles an interaction file's columns can play. */
export const ROLES = ['user', 'item', 'rating', 'timestamp'] as const;
export type Role = (typeof ROLES)[number];

/** Header names taken for each role when no --columns is given (compared in lower case). */
const ALIASES: Record<Role, readonly string[]> = {
  user: ['user', 'userid', 'user_id', 'customer', 'customerid', 'customer_id', 'visitorid'],
  item: ['item', 'itemid', 'item_id', 'movieid', 'movie_id', 'product', 'productid', 'product_id', 'stockcode', 'sku'],
  rating: ['rating', 'score', 'quantity', 'count', 'weight', 'value'],
  timestamp: ['timestamp', 'ts', 'time', 'date', 'datetime', 'invoicedate', 'created_at'],
};

/** A problem with an interaction file, naming the file and, where there is one, the line. */
export class InteractionFileError extends Error {
  override name = 'InteractionFileError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    detail: string,
  ) {
    super(line === undefined ? `${file}: ${detail}` : `${file} line ${line}: ${detail}`);
  }
}

export interface ReadOptions {
  /** Field separator; default: tab when the first line has one, else a comma. */
  separator?: string;
  /**
   * With a header: the header columns to use as user, item[, rating[, timestamp]], in that order.
   * Without one: the name of each field in file order (user, item, rating, timestamp; any other
   * name is ignored), as for MovieLens' u.data: `user,item,rating,timestamp`.
   */
  columns?: readonly string[];
  /** Timestamps are required (a time split). */
  needTimestamps?: boolean;
}

/** The rows of an interaction file, ids as read (strings). */
export interface InteractionRows {
  users: string[];
  items: string[];
  /** Rating or count per row; 1 where the file has none. */
  weights: Float64Array;
  /** Milliseconds since the epoch (numbers in the file are taken as seconds); NaN without one. */
  timestamps: Float64Array;
  hasRatings: boolean;
  hasTimestamps: boolean;
  /** Rows left out because their rating or count was 0 or less (returns, cancellations). */
  nonPositive: number;
  /** Blank lines skipped. */
  blank: number;
  /** Rows without a user or an item (guest checkouts), left out. */
  missingIds: number;
}

/** Reads a delimited interaction file line by line; an unusable line is an error naming it. */
export async function readInteractionFile(file: string, options: ReadOptions = {}): Promise<InteractionRows> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  const rows: InteractionRows = { users: [], items: [], weights: new Float64Array(0), timestamps: new Float64Array(0), hasRatings: false, hasTimestamps: false, nonPositive: 0, blank: 0, missingIds: 0 };
  const weights: number[] = [];
  const times: number[] = [];
  let separator = options.separator;
  let at: Partial<Record<Role, number>> | undefined;
  let lineNo = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === '') {
        rows.blank++;
        continue;
      }
      separator ??= line.includes('\t') ? '\t' : ',';
      const fields = splitLine(line, separator);
      if (at === undefined) {
        const found = locateColumns(file, fields, options.columns);
        at = found.at;
        rows.hasRatings = at.rating !== undefined;
        rows.hasTimestamps = at.timestamp !== undefined;
        if (options.needTimestamps && !rows.hasTimestamps) {
          throw new InteractionFileError(file, undefined, 'a time split needs a timestamp column (name it with --columns user,item,rating,timestamp)');
        }
        if (found.header) continue;
      }
      const field = (role: Role) => (at![role] === undefined ? undefined : fields[at![role]!]);
      const user = field('user')?.trim();
      const item = field('item')?.trim();
      if (fields.length <= Math.max(...Object.values(at))) throw new InteractionFileError(file, lineNo, `${fields.length} fields, fewer than the header's columns`);
      if (!user || !item) {
        rows.missingIds++;
        continue;
      }
      let weight = 1;
      if (rows.hasRatings) {
        const raw = field('rating')?.trim() ?? '';
        weight = raw === '' ? NaN : Number(raw);
        if (!Number.isFinite(weight)) throw new InteractionFileError(file, lineNo, `rating ${JSON.stringify(raw)} is not a number`);
        if (weight <= 0) {
          rows.nonPositive++;
          continue;
        }
      }
      let time = NaN;
      if (rows.hasTimestamps) {
        const raw = field('timestamp')?.trim() ?? '';
        time = parseTime(raw);
        if (Number.isNaN(time)) throw new InteractionFileError(file, lineNo, `timestamp ${JSON.stringify(raw)} is neither a number nor a date`);
      }
      rows.users.push(user);
      rows.items.push(item);
      weights.push(weight);
      times.push(time);
    }
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'ENOENT') throw new InteractionFileError(file, undefined, 'no such file');
    throw err;
  }
  if (at === undefined) throw new InteractionFileError(file, undefined, 'the file is empty');
  rows.weights = Float64Array.from(weights);
  rows.timestamps = Float64Array.from(times);
  return rows;
}

/** Where each role's field is, and whether the first line was a header. */
function locateColumns(file: string, first: readonly string[], columns: readonly string[] | undefined): { at: Partial<Record<Role, number>>; header: boolean } {
  const names = first.map((f) => f.trim().toLowerCase());
  if (columns) {
    const wanted = columns.map((c) => c.trim().toLowerCase());
    if (wanted.every((w) => names.includes(w))) {
      // A header holding every named column: they are user, item, rating, timestamp in order.
      const at: Partial<Record<Role, number>> = {};
      wanted.forEach((w, i) => {
        if (i < ROLES.length) at[ROLES[i]!] = names.indexOf(w);
      });
      return { at, header: true };
    }
    const at: Partial<Record<Role, number>> = {};
    wanted.forEach((w, i) => {
      if ((ROLES as readonly string[]).includes(w)) at[w as Role] = i;
    });
    if (at.user === undefined || at.item === undefined) {
      throw new InteractionFileError(file, undefined, `--columns ${columns.join(',')} names no user or no item column (name the fields in order, e.g. user,item,rating,timestamp)`);
    }
    if (Math.max(...Object.values(at)) >= first.length) {
      throw new InteractionFileError(file, 1, `--columns names ${wanted.length} fields but the line has ${first.length} (is the separator right?)`);
    }
    // A header with the role names themselves is skipped.
    return { at, header: wanted.every((w, i) => names[i] === w) };
  }
  const at: Partial<Record<Role, number>> = {};
  for (const role of ROLES) {
    const i = names.findIndex((n) => ALIASES[role].includes(n));
    if (i >= 0) at[role] = i;
  }
  const missing = (['user', 'item'] as const).filter((r) => at[r] === undefined);
  if (missing.length) {
    throw new InteractionFileError(
      file,
      1,
      `no ${missing.join(' or ')} column in the header (${first.join(', ')}): name the columns with --columns user,item,rating,timestamp`,
    );
  }
  return { at, header: true };
}

/** Splits one line, honouring double quotes (CSV style) when the separator is not a tab. */
function splitLine(line: string, separator: string): string[] {
  if (separator === '\t' || !line.includes('"')) return line.split(separator);
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (line.startsWith(separator, i)) {
      out.push(cur);
      cur = '';
      i += separator.length - 1;
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Epoch seconds (a plain number) or an ISO-like date, as milliseconds. */
function parseTime(raw: string): number {
  if (raw === '') return NaN;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw) * 1000;
  return Date.parse(raw.includes(' ') && !raw.includes('T') ? `${raw.replace(' ', 'T')}Z` : raw);
}
