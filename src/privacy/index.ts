export { loadOrCreateSecret, hmacHex, hmacPads } from './keys.js';
