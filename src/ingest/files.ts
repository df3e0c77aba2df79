import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { ImportError, ImportUsageError } from './errors.js';

/** Expands the command line's files and globs into a sorted list of readable, non-empty files. */
export async function expandFiles(patterns: readonly string[]): Promise<string[]> {
  if (patterns.length === 0) throw new ImportUsageError('name at least one file or glob to import');
  const files = new Set<string>();
  for (const pattern of patterns) {
    if (isDynamicPattern(pattern)) {
      const found = await glob(pattern, { absolute: true, onlyFiles: true, expandDirectories: false });
      if (found.length === 0) throw new ImportUsageError(`no file matches ${pattern}; check the path (quote globs so the shell does not expand them)`);
      for (const f of found) files.add(resolve(f));
    } else {
      const path = resolve(pattern);
      let isFile: boolean;
      try {
        isFile = statSync(path).isFile();
      } catch {
        throw new ImportUsageError(`no such file: ${pattern}`);
      }
      if (!isFile) throw new ImportUsageError(`${pattern} is a folder; give the files in it, e.g. "${pattern.replace(/\/$/, '')}/*.csv"`);
      files.add(path);
    }
  }
  const sorted = [...files].sort();
  for (const f of sorted) {
    if (statSync(f).size === 0) throw new ImportError(`${f} is empty: there is nothing to import`, f);
  }
  return sorted;
}

/**
 * The first line of a text file, checked to be UTF-8 text (not binary, not Latin-1), with a
 * byte-order mark removed.
 */
export function readFirstLine(file: string): string {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(65536);
  let bytes: number;
  try {
    bytes = readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  const head = buf.subarray(0, bytes);
  if (head.includes(0)) throw new ImportError(`${file} looks binary, not text (is it compressed or a spreadsheet? export it as CSV)`, file);
  let textHead: string;
  try {
    textHead = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    throw new ImportError(
      `${file} is not UTF-8 text (probably Latin-1 or Windows-1252); convert it first, e.g. \`iconv -f latin1 -t utf-8 ${file} > fixed.csv\``,
      file,
    );
  }
  const firstLine = textHead.split(/\r?\n/, 1)[0] ?? '';
  return firstLine.replace(/^\uFEFF/, '');
}

/** Splits a CSV header line into its column names (quotes removed). */
export function splitHeader(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (line.startsWith(delimiter, i)) {
      out.push(field.trim());
      field = '';
      i += delimiter.length - 1;
    } else field += ch;
  }
  out.push(field.trim());
  return out;
}
