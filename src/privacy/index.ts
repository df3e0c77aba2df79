export { loadOrCreateSecret, hmacHex } from './keys.js';
export { sealFields, openFields, openFieldsOfAll, shredCustomer, VaultError, type OpenedFields, type VaultField } from './vault.js';
export { sealText, openText, isSealed } from './sealed-text.js';
export {
  scanStoreForValues,
  scanTextForValues,
  prepareNeedles,
  phoneDigits,
  type ScanNeedles,
  type PreparedNeedles,
  type StoreHit,
  type StoreScan,
  type TextHit,
} from './scan.js';
