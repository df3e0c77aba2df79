import { describe, expect, it } from 'vitest';
import { batchItemSpans } from './batch-spans.js';
import { prepareBatch } from './prepare.js';

const at = '2024-05-01T10:00:00.000Z';

/** Both ways of making log lines from a body: from its text, and by serialising the parsed messages. */
function bothWays(text: string) {
  const viaText = JSON.parse(text) as { batch: unknown[]; sentAt?: unknown; context?: unknown };
  const viaObjects = JSON.parse(text) as typeof viaText;
  const spans = batchItemSpans(text);
  const a = prepareBatch(viaText.batch, { sentAt: viaText.sentAt, context: viaText.context }, undefined, at, false, spans ? { text, bytes: Buffer.from(text), spans } : undefined);
  const b = prepareBatch(viaObjects.batch, { sentAt: viaObjects.sentAt, context: viaObjects.context }, undefined, at);
  const lines = (p: typeof a) => p.data.toString().split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
  return { spans, a, b, linesA: lines(a), linesB: lines(b), rawA: a.data.toString() };
}

describe('logging batch messages as they came', () => {
  it('finds every message of the batch array, whatever is inside the strings', () => {
    const text = `{"writeKey":"k","batch":[{"type":"track","event":"a \\"quoted\\" ]} [{ name","properties":{"list":[1,{"x":"\\\\"}],"n":-1.5e3}}, 42 ,"str",null,[1,2],{}],"sentAt":"${at}"}`;
    const spans = batchItemSpans(text)!;
    const items = [] as string[];
    for (let i = 0; i < spans.length; i += 2) items.push(text.slice(spans[i], spans[i + 1]));
    expect(items.map((s) => JSON.parse(s) as unknown)).toEqual((JSON.parse(text) as { batch: unknown[] }).batch);
    // The last of repeated "batch" keys, as JSON.parse keeps it; none when it is escaped or absent.
    expect(batchItemSpans('{"batch":[1],"batch":[2,3]}')?.length).toBe(4);
    expect(batchItemSpans('{"b\\u0061tch":[1]}')).toBeUndefined();
    expect(batchItemSpans('{"events":[1]}')).toBeUndefined();
    expect(batchItemSpans('{"batch":[]}')).toEqual([]);
    expect(batchItemSpans('{"batch":[{"a":\n1}]}')).toBeUndefined();
    expect(batchItemSpans('{"batch":[{"a":"x"}],\r\n"sentAt":1}')).toBeUndefined();
  });

  it('gives the same messages as serialising them, stamps included', () => {
    const batch = [
      { type: 'track', messageId: 'm-1', anonymousId: 'a', event: 'E', timestamp: at, properties: { emoji: '😀', nested: { a: [1, '}'] } } },
      { type: 'page', anonymousId: 'a', name: 'Home' },
      {},
      { type: 'track', messageId: '', anonymousId: 'a', event: 'Blank Id', timestamp: at },
      { type: 'track', messageId: 'm-5', anonymousId: 'a', event: 'Own Key', writeKey: 'secret', timestamp: at },
      { type: 'track', messageId: 'm-6', anonymousId: 'a', event: 'Own Received', receivedAt: '2020-01-01T00:00:00Z', timestamp: at },
      { type: 'track', messageId: 'm-7', anonymousId: 'a', event: 'Blank Time', timestamp: '' },
      'not an object',
      { type: 'identify', messageId: 'm-9', userId: 'u', traits: { name: 'Zoë' }, context: { own: true }, timestamp: at },
    ];
    const ascii = batch.map((m) => (typeof m === 'object' && 'properties' in m ? { ...m, properties: { plain: 'text', list: [1, '}'] } } : m));
    for (const text of [
      JSON.stringify({ batch, sentAt: at, context: { library: { name: 'x' } } }),
      JSON.stringify({ batch: ascii, sentAt: at }), // all ASCII: lines are views of the body's bytes
      `{"batch":[ ${JSON.stringify(ascii)
        .slice(1, -1)
        .replace(/},{/g, ' } , {')} ]}`,
      JSON.stringify({ batch }, null, 2), // pretty-printed: messages span lines, so they are serialised
      `{ "batch" : [ ${batch.map((m) => JSON.stringify(m)).join(' ,\t')} ] }`,
    ]) {
      const { spans, a, b, linesA, linesB, rawA } = bothWays(text);
      expect(spans === undefined).toBe(text.includes('\n'));
      expect(linesA).toEqual(linesB);
      expect(a.rejected).toEqual(b.rejected);
      expect(rawA.split('\n').length).toBe(batch.length + 1);
      expect(rawA).not.toContain('secret');
    }
  });
});
