/**
 * Fairness audit of a model's decisions across the groups of one sensitive attribute (gender,
 * age band …): who gets selected (predicted positive), and how the error rates differ. "Selected"
 * is neutral here: for a churn model it means "flagged as at risk" (and so, perhaps, offered a
 * retention discount); whether that is a benefit or a burden is the reader's call, which is why
 * the disparate-impact ratio is the smallest over the largest selection rate whichever group that is.
 */

/** One group's figures. */
export interface GroupFigures {
  group: string;
  count: number;
  /** Actual positives in the group. */
  positives: number;
  /** Share of actual positives (the group's base rate). */
  positiveRate: number;
  /** Predicted positive. */
  selected: number;
  /** Share predicted positive. */
  selectionRate: number;
  /** True-positive rate (recall) among the group's actual positives; null when it has none. */
  truePositiveRate: number | null;
  /** False-positive rate among the group's actual negatives; null when it has none. */
  falsePositiveRate: number | null;
}

export interface FairnessAudit {
  attribute: string;
  groups: GroupFigures[];
  /** Largest minus smallest selection rate. */
  demographicParityDifference: number;
  /** Largest minus smallest true-positive rate (groups with actual positives only); null with fewer than two such groups. */
  equalOpportunityDifference: number | null;
  /** Largest minus smallest false-positive rate (groups with actual negatives); null with fewer than two. */
  falsePositiveRateDifference: number | null;
  /** Smallest selection rate over the largest; 1 when no group is selected at all. */
  disparateImpactRatio: number;
  /** The four-fifths rule: fails when some group's selection rate is below 80 % of the highest. */
  failsFourFifths: boolean;
}

/** The four-fifths (80 %) rule of the US EEOC's Uniform Guidelines. */
export const FOUR_FIFTHS = 0.8;

export const MISSING_GROUP = '(missing)';

function spread(values: readonly number[]): number | null {
  return values.length < 2 ? null : Math.max(...values) - Math.min(...values);
}

/**
 * Audits 0/1 decisions `yPred` against outcomes `yTrue` across `groups` (one label per row; a
 * null or blank label is its own group, "(missing)"). Groups are listed largest first.
 */
export function audit(yTrue: Uint8Array, yPred: Uint8Array, groups: readonly (string | null)[], attribute = 'group'): FairnessAudit {
  if (yTrue.length !== yPred.length || yTrue.length !== groups.length) {
    throw new RangeError(`fairness audit of ${attribute}: ${yTrue.length} outcomes, ${yPred.length} decisions and ${groups.length} group labels: give one of each per row`);
  }
  const tally = new Map<string, { count: number; positives: number; selected: number; tp: number; fp: number }>();
  for (let i = 0; i < yTrue.length; i++) {
    const raw = groups[i];
    const g = raw === null || raw === undefined || raw.trim() === '' ? MISSING_GROUP : raw;
    let t = tally.get(g);
    if (!t) tally.set(g, (t = { count: 0, positives: 0, selected: 0, tp: 0, fp: 0 }));
    const actual = yTrue[i] === 1;
    const chosen = yPred[i] === 1;
    t.count++;
    if (actual) t.positives++;
    if (chosen) {
      t.selected++;
      if (actual) t.tp++;
      else t.fp++;
    }
  }
  const figures: GroupFigures[] = [...tally]
    .map(([group, t]) => ({
      group,
      count: t.count,
      positives: t.positives,
      positiveRate: t.positives / t.count,
      selected: t.selected,
      selectionRate: t.selected / t.count,
      truePositiveRate: t.positives ? t.tp / t.positives : null,
      falsePositiveRate: t.count - t.positives ? t.fp / (t.count - t.positives) : null,
    }))
    .sort((a, b) => b.count - a.count || (a.group < b.group ? -1 : 1));
  const rates = figures.map((f) => f.selectionRate);
  const highest = rates.length ? Math.max(...rates) : 0;
  const lowest = rates.length ? Math.min(...rates) : 0;
  const ratio = highest === 0 ? 1 : lowest / highest;
  return {
    attribute,
    groups: figures,
    demographicParityDifference: highest - lowest,
    equalOpportunityDifference: spread(figures.flatMap((f) => (f.truePositiveRate === null ? [] : [f.truePositiveRate]))),
    falsePositiveRateDifference: spread(figures.flatMap((f) => (f.falsePositiveRate === null ? [] : [f.falsePositiveRate]))),
    disparateImpactRatio: ratio,
    failsFourFifths: ratio < FOUR_FIFTHS,
  };
}
