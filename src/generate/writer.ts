import { open, type FileHandle } from 'node:fs/promises';

/**
 * Encodes lines straight into a large reusable buffer and writes it when full: one `write` per
 * ~4 MB instead of one per line, and no big joined strings for the garbage collector. This is
 * what keeps a million events (about 600 MB of JSON) within seconds.
 */
export class BlockWriter {
  private buffer: Buffer;
  private used = 0;
  /** The block being written while the next one fills (double buffering overlaps disk and CPU). */
  private pending: Promise<unknown> = Promise.resolve();
  /** Lines added so far (including ones still buffered). */
  count = 0;

  private constructor(private readonly handle: FileHandle, blockBytes: number) {
    this.buffer = Buffer.allocUnsafe(blockBytes);
  }

  /** Opens (truncating) `path` for writing. */
  static async create(path: string, blockBytes = 4 << 20): Promise<BlockWriter> {
    return new BlockWriter(await open(path, 'w'), blockBytes);
  }

  /** True once the buffer is nearly full; the caller then awaits `flush()`. */
  get full(): boolean {
    return this.used > this.buffer.length - (64 << 10);
  }

  /** Buffers one line; the line break is added here. */
  add(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit; grow for the rare line that would not fit.
    const room = text.length * 3 + 1;
    if (this.used + room > this.buffer.length) this.spill(room);
    this.used += this.buffer.write(text, this.used);
    this.buffer[this.used++] = 10;
    this.count++;
  }

  /** Hands the buffered block to the disk; resolves once the block before it is written. */
  async flush(): Promise<void> {
    await this.pending;
    if (this.used === 0) return;
    const { buffer, used } = this;
    this.buffer = Buffer.allocUnsafe(buffer.length);
    this.used = 0;
    this.pending = this.handle.write(buffer, 0, used);
  }

  /** Writes everything and closes the file. */
  async close(): Promise<void> {
    try {
      await this.flush();
      await this.pending;
    } finally {
      await this.handle.close();
    }
  }

  /** Makes room without awaiting: a larger buffer that keeps what is already in it. */
  private spill(room: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + room));
    this.buffer.copy(bigger, 0, 0, this.used);
    this.buffer = bigger;
  }
}

/** Writes `lines` to `path`, each followed by a line break. */
export async function writeLines(path: string, lines: readonly string[]): Promise<void> {
  const writer = await BlockWriter.create(path);
  try {
    for (const l of lines) {
      writer.add(l);
      if (writer.full) await writer.flush();
    }
  } finally {
    await writer.close();
  }
}
