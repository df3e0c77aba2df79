import { connectedComponents } from './cluster.js';
import { PairBuffer } from './pair-buffer.js';
import type { PreparedRecords } from './prepare.js';

/**
 * The deterministic baseline the matcher is measured against: two records are one person when
 * they share a cleaned e-mail, a cleaned phone, or first name + surname + date of birth exactly
 * (the rules a CRM's "merge duplicates" button uses). Returns a cluster label per record.
 */
export function exactRuleClusters(r: PreparedRecords): Int32Array {
  const keys: ((i: number) => string | null)[] = [
    (i) => r.email[i] ?? null,
    (i) => r.phone[i] ?? null,
    (i) => (r.first[i] && r.surname[i] && r.dob[i] ? `${r.first[i]}|${r.surname[i]}|${r.dob[i]}` : null),
  ];
  const pairs = new PairBuffer();
  for (const key of keys) {
    const firstSeen = new Map<string, number>();
    for (let i = 0; i < r.count; i++) {
      const k = key(i);
      if (k === null) continue;
      const at = firstSeen.get(k);
      if (at === undefined) firstSeen.set(k, i);
      else if (!r.source || r.source[at] !== r.source[i]) pairs.push(at, i);
    }
  }
  const { left, right, count } = pairs.finish();
  return connectedComponents(r.count, left, right, () => true, count);
}
