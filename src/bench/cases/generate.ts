import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateShop } from '../../generate/index.js';
import type { BenchCase, BenchLine } from '../bench.js';

const GOAL_EVENTS_PER_SECOND = 100_000;

/** Generation speed of the default demo shop (5,000 customers over a year, about 1M events). */
export const generateThroughput: BenchCase = {
  name: 'generate',
  async *run(): AsyncIterable<BenchLine> {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-generate-'));
    try {
      const started = performance.now();
      const summary = await generateShop({ customers: 5000, days: 365, seed: 42, out: dir });
      const seconds = (performance.now() - started) / 1000;
      const events = summary.files['events.jsonl'].lines;
      const perSecond = events / seconds;
      yield {
        bench: 'generate',
        case: '1M events',
        value: Math.round(perSecond),
        unit: 'events/s',
        goal: { text: '1M events in seconds, not minutes (>= 100k events/s)', met: perSecond >= GOAL_EVENTS_PER_SECOND },
        details: { events, seconds: +seconds.toFixed(2), customers: 5000, days: 365, sessions: summary.files['events.jsonl'].sessions },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
