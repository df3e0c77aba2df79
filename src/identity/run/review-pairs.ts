import type { Store } from '../../store/index.js';
import type { DecidingField } from './match-store.js';

/** A pair `cairn identity review` was asked to decide that is not in `identity_match_pairs`. */
export class ReviewPairError extends Error {
  override name = 'ReviewPairError';
}

/** A borderline pair as a reviewer sees it: member ids and field levels, never a personal value. */
export interface ReviewPair {
  memberA: string;
  memberB: string;
  runId: string;
  probability: number;
  weight: number;
  status: string;
  decidedBy: DecidingField[];
  /** The deciding fields in words, strongest first: "surname: Jaro-Winkler ≥ 0.92 (+3.1)". */
  evidence: string[];
}

export interface ReviewList {
  /** Pairs waiting for review (status `review`), most likely first. */
  total: number;
  pairs: ReviewPair[];
}

type PairRow = {
  member_a: string;
  member_b: string;
  run_id: string;
  probability: number;
  weight: number;
  status: string;
  decided_by: string | null;
};

const signed = (w: number) => `${w >= 0 ? '+' : ''}${w.toFixed(1)}`;

function toPair(r: PairRow): ReviewPair {
  const decidedBy = r.decided_by ? (JSON.parse(r.decided_by) as DecidingField[]) : [];
  return {
    memberA: r.member_a,
    memberB: r.member_b,
    runId: r.run_id,
    probability: r.probability,
    weight: r.weight,
    status: r.status,
    decidedBy,
    evidence: decidedBy.map((d) => `${d.field}: ${d.level} (${signed(d.weight)})`),
  };
}

const COLUMNS = 'member_a, member_b, run_id, probability, weight, status, decided_by::VARCHAR AS decided_by';

/** The pairs waiting for review, most likely first (at most `limit`). */
export async function listReviewPairs(store: Store, limit = 50): Promise<ReviewList> {
  const [count] = await store.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM identity_match_pairs WHERE status = 'review'`);
  const rows = await store.query<PairRow>(
    `SELECT ${COLUMNS} FROM identity_match_pairs WHERE status = 'review' ORDER BY probability DESC, member_a, member_b LIMIT ?`,
    [limit],
  );
  return { total: count?.n ?? 0, pairs: rows.map(toPair) };
}

/**
 * A person's verdict on a pair (either order of the two member ids): `accepted` makes it a link
 * for the identity graph, `rejected` keeps later match runs from proposing it again. Applies to
 * the pair's rows of every run (a later run does not write a decided pair again).
 */
export async function decidePair(store: Store, one: string, other: string, status: 'accepted' | 'rejected'): Promise<ReviewPair> {
  const [a, b] = one < other ? [one, other] : [other, one];
  return store.transaction(async () => {
    const updated = await store.execute('UPDATE identity_match_pairs SET status = ? WHERE member_a = ? AND member_b = ?', [status, a, b]);
    if (updated === 0) throw new ReviewPairError(`no pair ${one},${other} in identity_match_pairs: list them with cairn identity review`);
    const [row] = await store.query<PairRow>(`SELECT ${COLUMNS} FROM identity_match_pairs WHERE member_a = ? AND member_b = ? ORDER BY run_id DESC LIMIT 1`, [a, b]);
    return toPair(row!);
  });
}
