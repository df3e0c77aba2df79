export { WriteAheadLog, WalWriteError, type Segment, type WalOptions } from './wal.js';
