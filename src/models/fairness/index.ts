/** Fairness audit of a classifier's decisions across the groups of sensitive attributes. */
export { audit, FOUR_FIFTHS, MISSING_GROUP } from './audit.js';
export type { FairnessAudit, GroupFigures } from './audit.js';
