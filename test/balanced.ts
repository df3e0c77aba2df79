import { expect } from 'vitest';
import type { ImportReport } from '../src/ingest/index.js';

/** Every record read ends in exactly one place: accepted, a counted duplicate, or the quarantine. */
export function balanced(report: Pick<ImportReport, 'rowsRead' | 'accepted' | 'duplicates' | 'quarantined'>): void {
  expect(report.rowsRead).toBe(report.accepted + report.duplicates + report.quarantined);
}
