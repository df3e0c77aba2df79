import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A part of an input file that is loaded as one transaction: the file itself, or for a large
 * line-based file (JSONL) a run of whole lines copied to a temporary file, so that the working
 * set of one load, and so the import's memory, stays bounded whatever the file's size.
 */
export interface Piece {
  /** What to read. */
  path: string;
  /** The input file it comes from, as the quarantine and the report name it. */
  file: string;
  /** Line of `file` that the piece's first line is. */
  firstLine: number;
  bytes: number;
  /** The piece that ends its file. */
  last: boolean;
}

/**
 * Lines per piece of a split file, in bytes. At ~880 bytes a Segment message, 256 MB is ~300k
 * messages: a 1M-event import peaked at ~1.0 GB RSS in one piece, and 9.9M events at 1.7 GB,
 * against the goal of 1 GB.
 */
export const PIECE_BYTES = 256 * 1024 * 1024;

/**
 * The pieces of `file`: the file whole when it is small or not line-based, else runs of whole
 * lines of about `pieceBytes`, each written to a temporary file just before it is yielded and
 * removed when the next is asked for (so the disk holds one piece at a time).
 */
export async function* piecesOf(file: string, lineBased: boolean, pieceBytes = PIECE_BYTES): AsyncGenerator<Piece> {
  const { size } = await stat(file);
  if (!lineBased || size <= pieceBytes * 1.25) {
    yield { path: file, file, firstLine: 1, bytes: size, last: true };
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'cairn-piece-'));
  try {
    let index = 0;
    let firstLine = 1;
    let out = await open(join(dir, `piece-${index}.jsonl`), 'w');
    let written = 0;
    let lines = 0;
    const finish = async (last: boolean): Promise<Piece> => {
      await out.close();
      const piece = { path: join(dir, `piece-${index}.jsonl`), file, firstLine, bytes: written, last };
      firstLine += lines;
      return piece;
    };
    for await (const chunk of createReadStream(file, { highWaterMark: 8 * 1024 * 1024 }) as AsyncIterable<Buffer>) {
      let block = chunk;
      // Cut at the first line end past the piece size; the rest of the block starts the next piece.
      while (written + block.length > pieceBytes) {
        const cut = block.indexOf(0x0a, Math.max(0, pieceBytes - written));
        if (cut < 0) break;
        await out.write(block.subarray(0, cut + 1));
        written += cut + 1;
        lines += countLines(block.subarray(0, cut + 1));
        const piece = await finish(false);
        yield piece;
        await rm(piece.path, { force: true });
        index++;
        out = await open(join(dir, `piece-${index}.jsonl`), 'w');
        written = 0;
        lines = 0;
        block = block.subarray(cut + 1);
      }
      await out.write(block);
      written += block.length;
      lines += countLines(block);
    }
    yield await finish(true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function countLines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** Small files grouped up to this many bytes share one transaction. */
export const BATCH_BYTES = 64 * 1024 * 1024;

/**
 * The transactions of an import, in order: consecutive small files with the same header grouped
 * up to BATCH_BYTES (each load step costs a few dozen statements, which for 305 daily files of
 * ~150 KB took longer than reading them), and every piece of a large file on its own.
 */
export async function* batchesOf(
  files: readonly string[],
  lineBased: boolean,
  sameHeader: (a: string, b: string) => boolean,
  pieceBytes = PIECE_BYTES,
): AsyncGenerator<Piece[]> {
  let current: Piece[] = [];
  let bytes = 0;
  for (const file of files) {
    for await (const piece of piecesOf(file, lineBased, pieceBytes)) {
      if (piece.bytes === 0 && !(piece.firstLine === 1 && piece.last)) continue; // a split file that ended on a cut
      const whole = piece.firstLine === 1 && piece.last;
      if (current.length > 0 && (!whole || bytes + piece.bytes > BATCH_BYTES || !sameHeader(current[0]!.file, file))) {
        yield current;
        current = [];
        bytes = 0;
      }
      if (!whole) {
        yield [piece];
        continue;
      }
      current.push(piece);
      bytes += piece.bytes;
    }
  }
  if (current.length > 0) yield current;
}
