import { sealFields } from '../../privacy/index.js';
import { loadRegionalPhoneLookup } from '../phones.js';
import type { LoadContext, LoadOutcome, SourceDefinition } from '../source.js';
import { insertIdentities } from '../canonical.js';
import { classifyRows, countRows, insertNew, rowHash, text } from '../steps.js';
import { countryCode, email, loadCountries, yesNo } from '../normalise.js';
import { CRM_NAMESPACE } from './shop-pos.js';

/**
 * A CRM export of people, as `cairn generate` writes it: `crm_id,first_name,last_name,email,phone,
 * date_of_birth,city,postcode,country,signup_date,marketing_opt_in`. Each record becomes a
 * customer (pseudonym of its CRM id) with non-identifying traits (city, country, sign-up date,
 * marketing opt-in); its e-mail, phone (E.164) and CRM id are hashed into `identities`; names,
 * e-mail, phone, date of birth and postcode are encrypted into `pii_vault` and stored nowhere
 * else. The same person entered twice in the CRM stays two customers here: record matching
 * (identity resolution) decides later, from the vault.
 */
const SOURCE = CRM_NAMESPACE;
const VAULTED = ['first_name', 'last_name', 'email', 'phone', 'date_of_birth', 'postcode'] as const;

async function load(ctx: LoadContext): Promise<LoadOutcome> {
  const { store } = ctx;
  await loadCountries(store);
  await loadRegionalPhoneLookup(store, 'crm_phones', ctx.stage, text('phone'), countryCode('"country"'), 'DE');
  await classifyRows(
    ctx,
    'crm_clean',
    {
      crm: text('crm_id'),
      mail: email('"email"'),
      e164: `(SELECT e164 FROM crm_phones p WHERE p.raw = ${text('phone')} AND p.region IS NOT DISTINCT FROM ${countryCode('"country"')})`,
      signup: `try_cast(${text('signup_date')} AS DATE)`,
      opt_in: yesNo('"marketing_opt_in"'),
      home_city: `regexp_replace(${text('city')}, '\\s+', ' ', 'g')`,
      country_code: countryCode('"country"'),
      record_hash: rowHash(['crm_id', 'first_name', 'last_name', 'email', 'phone', 'date_of_birth', 'city', 'postcode', 'country', 'signup_date', 'marketing_opt_in']),
    },
    [
      { when: 'crm IS NULL', reason: 'missing id', detail: `'crm_id is empty'` },
      { when: `${text('signup_date')} IS NOT NULL AND signup IS NULL`, reason: 'unparseable date', detail: `'signup_date "' || "signup_date" || '"'` },
      { when: `${text('marketing_opt_in')} IS NOT NULL AND opt_in IS NULL`, reason: 'wrong type', detail: `'marketing_opt_in is not true/false: ' || "marketing_opt_in"` },
    ],
  );
  await store.exec(`
    CREATE OR REPLACE TEMP TABLE crm_ok AS
    SELECT *, cairn_pseudonym('${SOURCE}', crm) AS customer_id, '${SOURCE}:' || record_hash AS record_key
    FROM crm_clean WHERE _reason IS NULL`);
  const valid = await countRows(store, 'SELECT count(*) AS n FROM crm_ok');
  // A record is new when this exact record (every field) has not been imported before.
  const records = await insertNew(store, 'crm_records', 'record_key', ['record_key', 'customer_id', 'source', 'import_id'],
    `SELECT record_key, customer_id, '${SOURCE}' AS source, '${ctx.importId}' AS import_id FROM crm_ok`);
  const customers = await countRows(store, `SELECT count(DISTINCT customer_id) AS n FROM crm_ok WHERE customer_id NOT IN (SELECT customer_id FROM customers)`);
  await store.exec(`
    INSERT INTO customers (customer_id, first_seen, last_seen, traits, source, import_id)
    SELECT customer_id, min(signup)::TIMESTAMP, NULL,
      json_object('city', any_value(home_city), 'country', any_value(country_code), 'signup_date', min(signup), 'marketing_opt_in', bool_or(opt_in)),
      '${SOURCE}', '${ctx.importId}'
    FROM crm_ok GROUP BY customer_id
    ON CONFLICT (customer_id) DO UPDATE SET traits = coalesce(json_merge_patch(customers.traits, excluded.traits), excluded.traits),
      first_seen = least(customers.first_seen, excluded.first_seen)`);
  const identities = await insertIdentities(
    ctx,
    `SELECT 'crm_id' AS kind, '${SOURCE}:' || crm AS value, customer_id, signup::TIMESTAMP AS ts FROM crm_ok
     UNION ALL SELECT 'email', mail, customer_id, signup::TIMESTAMP FROM crm_ok WHERE mail IS NOT NULL
     UNION ALL SELECT 'phone', e164, customer_id, signup::TIMESTAMP FROM crm_ok WHERE e164 IS NOT NULL`,
  );
  const vaulted = await vault(ctx);
  return { accepted: records, duplicates: valid - records, written: { customers, identities, pii_vault: vaulted } };
}

/** Seals the identifying fields of the new records (phones as E.164, e-mails normalised). */
async function vault(ctx: LoadContext): Promise<number> {
  const fields = VAULTED.map((f) => {
    const value = f === 'email' ? 'coalesce(c.mail, trim(c."email"))' : f === 'phone' ? 'coalesce(c.e164, trim(c."phone"))' : `trim(c."${f}")`;
    return `SELECT c.customer_id, '${f}' AS field, ${value} AS value FROM crm_ok c
      JOIN crm_records r ON r.record_key = c.record_key AND r.import_id = '${ctx.importId}'`;
  });
  const rows = await ctx.store.query<{ customer_id: string; field: string; value: string }>(
    `SELECT * FROM (${fields.join(' UNION ALL ')}) WHERE value IS NOT NULL AND value <> ''`,
  );
  if (!ctx.secret) return 0;
  return sealFields(ctx.store, ctx.secret, rows.map((r) => ({ customerId: r.customer_id, field: r.field, value: r.value })));
}

/** Built-in source `shop-crm`: people from a CRM export. */
export const shopCrm: SourceDefinition = {
  name: SOURCE,
  description: 'CRM export of people (crm_id,first_name,last_name,email,phone,date_of_birth,city,postcode,country,signup_date,marketing_opt_in), e.g. crm.csv from cairn generate',
  read: { format: 'csv', csv: { header: true } },
  requiredColumns: ['crm_id', 'first_name', 'last_name', 'email', 'phone', 'date_of_birth', 'city', 'postcode', 'country', 'signup_date'],
  load,
};
