import { describe, expect, it } from 'vitest';
import { CHANNEL_CASES } from '../../test/channel-cases.js';
import { channelOf } from './channels.js';

describe('channelOf', () => {
  it.each(CHANNEL_CASES)('%s', (_what, touch, expected) => {
    expect(channelOf(touch)).toBe(expected);
  });
});
