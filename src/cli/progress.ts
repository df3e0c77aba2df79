import cliProgress from 'cli-progress';
import type { ImportProgress } from '../ingest/index.js';

/** What long work reports as it goes; the pure stages call this and never touch the terminal. */
export interface ProgressUpdate {
  done: number;
  total: number;
  /** Free text, e.g. "2011-03-01.csv · 12,345 rows". */
  detail?: string;
}

export type ProgressListener = (update: ProgressUpdate) => void;

/**
 * A progress bar on stderr while `fn` runs. On a terminal it redraws in place; elsewhere (CI,
 * a pipe) it prints a line at most every five seconds so logs stay readable.
 */
export async function withProgress<T>(label: string, fn: (onProgress: ProgressListener) => Promise<T>): Promise<T> {
  const tty = process.stderr.isTTY === true && process.env['CI'] !== 'true';
  if (tty) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% · {detail}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1, 0, { detail: '' });
    try {
      return await fn((u) => {
        bar.setTotal(Math.max(1, u.total));
        bar.update(u.done, { detail: u.detail ?? '' });
      });
    } finally {
      bar.stop();
    }
  }
  let last = 0;
  return fn((u) => {
    const now = Date.now();
    if (now - last < 5000 && u.done < u.total) return;
    last = now;
    process.stderr.write(`${label}: ${Math.round((100 * u.done) / Math.max(1, u.total))}%${u.detail ? ` · ${u.detail}` : ''}\n`);
  });
}

/** An import's progress as a bar update: bytes for the bar, files, records, rate and phase in words. */
export function importUpdate(p: ImportProgress): ProgressUpdate {
  const rate = p.rows / Math.max(0.001, p.elapsedMs / 1000);
  const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
  const file = p.file.split('/').pop() ?? p.file;
  return {
    done: p.bytesDone,
    total: Math.max(1, p.bytes),
    detail: `${p.filesDone}/${p.files} files, ${mb(p.bytesDone)} of ${mb(p.bytes)} · ${p.rows.toLocaleString('en-US')} rows · ${Math.round(rate).toLocaleString('en-US')} rows/s · ${p.phase} ${file}`,
  };
}
