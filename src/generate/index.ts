export { generateShop, SHOP_FILES } from './generate.js';
export type { GenerateSummary, GenerateProgress } from './generate.js';
export { GenerateOptionsSchema } from './options.js';
export type { GenerateOptions } from './options.js';
export { PERSONAS } from './personas.js';
export type { Persona, PersonaId, TrafficSource, DeviceKind } from './personas.js';
export { Rng } from './random.js';
export { MALFORMED_KINDS } from './malformed.js';
export type { MalformedKind } from './malformed.js';
