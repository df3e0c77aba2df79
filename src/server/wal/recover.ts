import { open } from 'node:fs/promises';

/**
 * Cuts a segment left by an earlier run back to its last whole line and counts its lines. A
 * line without its newline was being written when the process died: it was never acknowledged
 * (a batch is acknowledged only after all of its lines are synced), so dropping it loses nothing.
 */
export async function recoverSegment(path: string): Promise<{ bytes: number; events: number }> {
  const fh = await open(path, 'r+');
  try {
    const { size } = await fh.stat();
    const chunk = Buffer.allocUnsafe(1 << 20);
    let events = 0;
    let lastNewline = -1;
    for (let pos = 0; pos < size; ) {
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, pos);
      if (bytesRead === 0) break;
      for (let i = chunk.indexOf(0x0a); i >= 0 && i < bytesRead; i = chunk.indexOf(0x0a, i + 1)) {
        events++;
        lastNewline = pos + i;
      }
      pos += bytesRead;
    }
    const whole = lastNewline + 1;
    if (whole < size) {
      await fh.truncate(whole);
      await fh.datasync();
    }
    return { bytes: whole, events };
  } finally {
    await fh.close();
  }
}
