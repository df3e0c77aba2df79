export { loadOrCreateSecret, hmacHex } from './keys.js';
export { sealFields, openFields, openFieldsOfAll, shredCustomer, VaultError, type OpenedFields, type VaultField } from './vault.js';
export { sealText, openText, isSealed } from './sealed-text.js';
