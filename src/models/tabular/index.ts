/**
 * Tabular files as classifier inputs: column types inferred from the values, an encoder fitted on
 * the training rows (numbers, booleans 0/1, one-hot categoricals) and kept as plain JSON so a test
 * or scoring file is encoded the same way, the target read as 0/1, leaky columns flagged, and each
 * row's contributions turned into reasons in words. Pure: the CSV is read in `models/run/`.
 */
export { TabularInputError, tableFromRows, columnValues, selectRows, cleanValue } from './table.js';
export type { Table } from './table.js';
export { inferColumn, parseNumber, parseBoolean, parseDate, nameLooksLikeId } from './infer-types.js';
export type { ColumnType, ColumnProfile } from './infer-types.js';
export { fitEncoder, encodeTable, featureSources, OTHER_LEVEL } from './encoder.js';
export type { Encoder, EncodedColumn, EncoderOptions, EncodeResult, FeatureSource } from './encoder.js';
export { chooseTarget, encodeTarget, classBalance } from './target.js';
export type { TargetEncoding, ClassBalance } from './target.js';
export { columnSignals, LEAKY_AUC } from './leakage.js';
export type { ColumnSignal } from './leakage.js';
export { prepareTraining, prepareHeldOut, checkSameColumns, encodingWarnings } from './prepare.js';
export type { PreparedTraining, PrepareOptions, ColumnReport, ColumnRole, TabularWarning } from './prepare.js';
export { reasonsInWords } from './reasons.js';
export type { Reason, ReasonOptions } from './reasons.js';
