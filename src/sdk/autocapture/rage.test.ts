import { describe, expect, it } from 'vitest';
import { RageClickDetector, type Click } from './rage.js';

function feed(clicks: Click[]): ReturnType<RageClickDetector['end']>[] {
  const d = new RageClickDetector();
  const out = clicks.map((c) => d.add(c)).filter((b) => b !== null);
  const last = d.end();
  return last ? [...out, last] : out;
}

const at = (t: number, x = 100, y = 100, selector = '#buy'): Click => ({ t, x, y, selector });

describe('RageClickDetector', () => {
  it('reports three clicks within a second and 30 px as one burst', () => {
    expect(feed([at(0), at(200), at(450)])).toEqual([{ selector: '#buy', clicks: 3, durationMs: 450 }]);
  });

  it('counts every click of a long angry burst once', () => {
    const clicks = Array.from({ length: 8 }, (_, i) => at(i * 150, 100 + (i % 2) * 10, 100));
    expect(feed(clicks)).toEqual([{ selector: '#buy', clicks: 8, durationMs: 1050 }]);
  });

  it('ignores a double click and clicks spread over more than a second', () => {
    expect(feed([at(0), at(150)])).toEqual([]);
    expect(feed([at(0), at(600), at(1200)])).toEqual([]);
  });

  it('ignores fast clicks more than 30 px apart', () => {
    expect(feed([at(0, 0, 0), at(100, 25, 0), at(200, 50, 0)])).toEqual([]);
  });

  it('reports the burst that a later, distant click ends', () => {
    const d = new RageClickDetector();
    for (const c of [at(0), at(100), at(200)]) expect(d.add(c)).toBeNull();
    expect(d.add(at(300, 400, 400, '#other'))).toEqual({ selector: '#buy', clicks: 3, durationMs: 200 });
    expect(d.end()).toBeNull();
  });
});
