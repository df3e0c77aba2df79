import { sqlString, type Store } from '../../store/index.js';

/**
 * Pairwise precision and recall of the identity graph against the generator's ground truth
 * (`truth/customers.csv`: each person's user id, CRM ids and anonymous ids). The units are the
 * web accounts and CRM records (members, by their pseudonyms) and the anonymous ids of events; two
 * units are a predicted pair when they resolved to one customer, a true pair when one person made
 * them. An anonymous id no customer holds counts as its visitor (anonymous ids one device links).
 * `linkable` leaves out web accounts with no identifier beyond their user id in the data (they
 * never sent an identify in the period): nothing in the data can join them to their CRM record.
 */
export interface GraphScores {
  units: number;
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
}

export async function evaluateGraph(store: Store, truthCsv: string): Promise<{ all: GraphScores; members: GraphScores; linkable: GraphScores }> {
  await store.exec(`
    CREATE OR REPLACE TEMP TABLE idg_truth AS
      SELECT person_id, user_id, string_split(coalesce(crm_ids, ''), ';') AS crm, string_split(coalesce(anonymous_ids, ''), ';') AS anon
      FROM read_csv(${sqlString(truthCsv)}, all_varchar = true, header = true);
    CREATE OR REPLACE TEMP TABLE idg_units AS
      SELECT 'member' AS kind, t.person_id, m.customer_id AS predicted,
        EXISTS (SELECT 1 FROM identities i WHERE i.customer_id = m.member_id AND i.kind IN ('email', 'phone', 'crm_id')) AS evidence
      FROM idg_truth t JOIN identity_members m ON m.member_id = cairn_pseudonym('user', t.user_id) WHERE t.user_id <> ''
      UNION ALL
      SELECT 'member', person_id, m.customer_id, true FROM (SELECT person_id, unnest(crm) AS crm FROM idg_truth) t
        JOIN identity_members m ON m.member_id = cairn_pseudonym('shop-crm', t.crm) WHERE t.crm <> ''
      UNION ALL
      SELECT 'anonymous', person_id, coalesce(a.visitor_id, 'anon:' || t.anon), false FROM (SELECT person_id, unnest(anon) AS anon FROM idg_truth) t
        LEFT JOIN identity_anonymous a ON a.anonymous_id = t.anon WHERE t.anon <> '';`);
  const score = async (where: string): Promise<GraphScores> => {
    const [r] = await store.query<{ units: number; tp: number; pp: number; ap: number }>(`
      WITH u AS (SELECT * FROM idg_units WHERE ${where})
      SELECT (SELECT count(*) FROM u)::DOUBLE AS units,
        (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*)::DOUBLE AS n FROM u GROUP BY person_id, predicted))::DOUBLE AS tp,
        (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*)::DOUBLE AS n FROM u GROUP BY predicted))::DOUBLE AS pp,
        (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*)::DOUBLE AS n FROM u GROUP BY person_id))::DOUBLE AS ap`);
    const tp = r?.tp ?? 0;
    const precision = (r?.pp ?? 0) > 0 ? tp / (r?.pp ?? 1) : 1;
    const recall = (r?.ap ?? 0) > 0 ? tp / (r?.ap ?? 1) : 1;
    return { units: r?.units ?? 0, precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0, truePairs: r?.ap ?? 0, predictedPairs: r?.pp ?? 0 };
  };
  const all = await score('true');
  const members = await score("kind = 'member'");
  const linkable = await score("kind = 'member' AND evidence");
  await store.exec('DROP TABLE idg_truth; DROP TABLE idg_units;');
  return { all, members, linkable };
}
