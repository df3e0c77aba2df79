export { loadOrCreateSecret, hmacHex, hmacPads } from './keys.js';
export { sealFields, openFields, shredCustomer, VaultError, type VaultField } from './vault.js';
