import { sqlIdent } from '../../store/index.js';
import { category, decimal, wholeNumber, yesNo } from '../normalise.js';
import type { LoadContext, LoadOutcome, SourceDefinition } from '../source.js';
import { classifyRows, countRows, text, wrongType } from '../steps.js';

/**
 * IBM's Telco Customer Churn CRM extract: one row per customer with demographics, services,
 * billing and the churn label. Each row becomes a customer whose traits hold every column, typed
 * (`senior_citizen`, the Yes/No columns and `churn` as booleans, `tenure_months` as an integer,
 * charges as numbers; three-valued service columns as lower-case categories), plus a `crm_id`
 * identity. A blank TotalCharges (new customers, tenure 0) is a missing value, not a reject.
 *
 * The file is a snapshot: importing a later one replaces a known customer's traits (counted as
 * accepted); a row whose traits are already stored is a duplicate.
 */
const SOURCE = 'telco';

const YES_NO = { Partner: 'partner', Dependents: 'dependents', PhoneService: 'phone_service', PaperlessBilling: 'paperless_billing', Churn: 'churn' };
const CATEGORIES = {
  gender: 'gender',
  MultipleLines: 'multiple_lines',
  InternetService: 'internet_service',
  OnlineSecurity: 'online_security',
  OnlineBackup: 'online_backup',
  DeviceProtection: 'device_protection',
  TechSupport: 'tech_support',
  StreamingTV: 'streaming_tv',
  StreamingMovies: 'streaming_movies',
  Contract: 'contract',
  PaymentMethod: 'payment_method',
};
const COLUMNS = ['customerID', 'SeniorCitizen', 'tenure', 'MonthlyCharges', 'TotalCharges', ...Object.keys(YES_NO), ...Object.keys(CATEGORIES)];


async function load(ctx: LoadContext): Promise<LoadOutcome> {
  const { store } = ctx;
  const flags = Object.entries(YES_NO).map(([column, key]) => [column, `t_${key}`] as const);
  await classifyRows(
    ctx,
    'telco_clean',
    {
      native_id: text('customerID'),
      t_senior: yesNo('"SeniorCitizen"'),
      t_tenure: wholeNumber('"tenure"'),
      t_monthly: decimal('"MonthlyCharges"'),
      t_total: decimal('"TotalCharges"'),
      ...Object.fromEntries(flags.map(([column, name]) => [name, yesNo(sqlIdent(column))])),
    },
    [
      { when: 'native_id IS NULL', reason: 'missing id', detail: `'customerID is empty'` },
      wrongType('SeniorCitizen', 't_senior', '0 or 1'),
      wrongType('tenure', 't_tenure', 'a whole number of months'),
      wrongType('MonthlyCharges', 't_monthly', 'a number'),
      wrongType('TotalCharges', 't_total', 'a number'),
      ...flags.map(([column, name]) => wrongType(column, name, 'Yes or No')),
      { when: 't_tenure < 0', reason: 'out of range', detail: `'tenure ' || "tenure"` },
      { when: 't_monthly < 0 OR t_total < 0', reason: 'negative price', detail: `'MonthlyCharges ' || "MonthlyCharges" || ', TotalCharges ' || "TotalCharges"` },
    ],
  );
  const traits = [
    `'senior_citizen', t_senior`,
    `'tenure_months', t_tenure`,
    `'monthly_charges', t_monthly::DOUBLE`,
    `'total_charges', t_total::DOUBLE`,
    ...flags.map(([column, name]) => `'${YES_NO[column as keyof typeof YES_NO]}', ${name}`),
    ...Object.entries(CATEGORIES).map(([column, key]) => `'${key}', ${category(sqlIdent(column))}`),
  ];
  // A customer repeated in the file keeps its last row.
  await store.exec(`
    CREATE OR REPLACE TEMP TABLE telco_ok AS
    SELECT native_id, cairn_pseudonym('${SOURCE}', native_id) AS customer_id, json_object(${traits.join(', ')}) AS traits
    FROM telco_clean WHERE _reason IS NULL
    QUALIFY row_number() OVER (PARTITION BY native_id ORDER BY _file DESC, _row DESC) = 1`);
  const valid = await countRows(store, 'SELECT count(*) AS n FROM telco_clean WHERE _reason IS NULL');

  const updated = await store.execute(`
    UPDATE customers SET traits = o.traits, import_id = '${ctx.importId}' FROM telco_ok o
    WHERE customers.customer_id = o.customer_id AND customers.traits::VARCHAR IS DISTINCT FROM o.traits::VARCHAR`);
  const inserted = await store.execute(`
    INSERT INTO customers (customer_id, first_seen, last_seen, traits, source, import_id)
    SELECT customer_id, NULL, NULL, traits, '${SOURCE}', '${ctx.importId}' FROM telco_ok
    WHERE customer_id NOT IN (SELECT customer_id FROM customers)`);
  const identities = await store.execute(`
    INSERT INTO identities (kind, value_hash, customer_id, source, first_seen, import_id)
    SELECT 'crm_id', cairn_hmac('${SOURCE}:' || native_id), customer_id, '${SOURCE}', NULL, '${ctx.importId}' FROM telco_ok
    ON CONFLICT DO NOTHING`);

  return {
    accepted: inserted + updated,
    duplicates: valid - inserted - updated,
    written: { customers: inserted + updated, identities },
  };
}

/** Built-in source `telco`: IBM Telco Customer Churn (customers with traits and the churn label). */
export const telco: SourceDefinition = {
  name: SOURCE,
  description: 'IBM Telco Customer Churn CRM extract (customerID,gender,SeniorCitizen,…,TotalCharges,Churn)',
  read: { format: 'csv', csv: { header: true } },
  requiredColumns: COLUMNS,
  load,
};
