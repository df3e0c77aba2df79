export { loadOrCreateSecret, hmacHex } from './keys.js';
export { sealFields, openFields, shredCustomer, VaultError, type VaultField } from './vault.js';
export { sealText, openText, isSealed } from './sealed-text.js';
