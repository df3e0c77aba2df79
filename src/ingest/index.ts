export { importFiles, type ImportOptions, type ImportProgress } from './run-import.js';
export { expandFiles } from './files.js';
export { formatReport, type ImportReport, type QuarantineSummary } from './report.js';
export { builtInSources } from './sources/index.js';
export { ImportError, ImportUsageError } from './errors.js';
export type { LoadContext, LoadOutcome, ReadOptions, SourceDefinition } from './source.js';
export { resolveSource } from './resolve-source.js';
