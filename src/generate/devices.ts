import type { DeviceKind } from './personas.js';
import type { Rng } from './random.js';

/** One device a person shops on. A browser's cookies (anonymousId) can be lost; the device id stays. */
export interface Device {
  id: string;
  kind: DeviceKind;
  /** Segment's context.device.type. */
  type: 'desktop' | 'mobile' | 'tablet';
  /** The shop's own app (screen events) rather than a browser (page events). */
  app: boolean;
  os: string;
  userAgent: string;
  /** Segment's `channel`. */
  channel: 'web' | 'mobile';
  /** `"device":{…},"os":{…},"userAgent":…` (plus `"app":{…}` in the app), JSON-escaped once. */
  contextJson: string;
}

interface Platform {
  os: string;
  weight: number;
  agents: readonly string[];
}

const CHROME = 'AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0';
const SAFARI = 'AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1';

const PLATFORMS: Readonly<Record<DeviceKind, readonly Platform[]>> = {
  desktop: [
    { os: 'Windows', weight: 0.62, agents: [
      `Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${CHROME} Safari/537.36`,
      `Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${CHROME} Safari/537.36 Edg/131.0.0.0`,
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
    ] },
    { os: 'Mac OS X', weight: 0.32, agents: [
      `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) ${SAFARI} Safari/605.1.15`,
      `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) ${CHROME} Safari/537.36`,
    ] },
    { os: 'Linux', weight: 0.06, agents: ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'] },
  ],
  mobile_web: [
    { os: 'iOS', weight: 0.45, agents: [`Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) ${SAFARI} Mobile/15E148 Safari/604.1`] },
    { os: 'Android', weight: 0.55, agents: [
      `Mozilla/5.0 (Linux; Android 14; SM-S921B) ${CHROME} Mobile Safari/537.36`,
      `Mozilla/5.0 (Linux; Android 14; Pixel 8) ${CHROME} Mobile Safari/537.36`,
    ] },
  ],
  mobile_app: [
    { os: 'iOS', weight: 0.5, agents: ['CairnShop/5.3.1 (iPhone15,2; iOS 18.1)', 'CairnShop/5.3.1 (iPhone14,5; iOS 17.6)'] },
    { os: 'Android', weight: 0.5, agents: ['CairnShop/5.3.1 (Android 14; SM-S921B)', 'CairnShop/5.3.1 (Android 13; Pixel 7)'] },
  ],
  tablet: [
    { os: 'iOS', weight: 0.65, agents: [`Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) ${SAFARI} Mobile/15E148 Safari/604.1`] },
    { os: 'Android', weight: 0.35, agents: [`Mozilla/5.0 (Linux; Android 13; SM-X200) ${CHROME} Safari/537.36`] },
  ],
};

/** A new device of the given kind with a stable id. */
export function createDevice(rng: Rng, kind: DeviceKind): Device {
  const platforms = PLATFORMS[kind];
  const platform = platforms[rng.weightedIndex(platforms.map((p) => p.weight))] ?? platforms[0];
  if (!platform) throw new Error(`no platform for ${kind}`);
  const userAgent = rng.pick(platform.agents);
  const type = kind === 'desktop' ? 'desktop' : kind === 'tablet' ? 'tablet' : 'mobile';
  const app = kind === 'mobile_app';
  const id = app ? rng.uuid().toUpperCase() : `dev-${rng.hex(16)}`;
  const appJson = app ? '"app":{"name":"Cairn Shop","version":"5.3.1","build":"5301"},' : '';
  const contextJson = `${appJson}"device":{"id":"${id}","type":"${type}"},"os":{"name":"${platform.os}"},"userAgent":${JSON.stringify(userAgent)}`;
  return { id, kind, type, app, os: platform.os, userAgent, channel: app ? 'mobile' : 'web', contextJson };
}
