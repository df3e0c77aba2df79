/**
 * Versioned schema of the canonical tables (DESIGN.md, "Data model"). A migration is applied once,
 * inside a transaction, and recorded in `schema_migrations`; never edit one that has shipped —
 * add the next.
 *
 * Timestamps are `TIMESTAMP` holding UTC. Money is `DECIMAL(18,4)` in the row's `currency`.
 * `events.event_id` has no PRIMARY KEY: an ART index over tens of millions of text ids costs more
 * memory than the import budget allows, so uniqueness is kept by the single writer (ingest
 * anti-joins on `event_id` inside the import transaction).
 *
 * `order_charges` holds invoice lines that are not products (postage, bank charges, manual
 * adjustments): kept, but out of products and revenue.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'canonical tables',
    sql: `
CREATE TABLE imports (
  import_id VARCHAR PRIMARY KEY,
  source VARCHAR NOT NULL,
  files JSON NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  status VARCHAR NOT NULL,
  report JSON
);
CREATE TABLE events (
  event_id VARCHAR NOT NULL,
  ts TIMESTAMP NOT NULL,
  received_at TIMESTAMP NOT NULL,
  type VARCHAR NOT NULL,
  name VARCHAR,
  anonymous_id VARCHAR,
  user_id VARCHAR,
  customer_id VARCHAR,
  session_id VARCHAR,
  source VARCHAR NOT NULL,
  channel VARCHAR,
  properties JSON,
  context JSON,
  import_id VARCHAR
);
CREATE TABLE orders (
  order_id VARCHAR PRIMARY KEY,
  customer_id VARCHAR,
  ts TIMESTAMP NOT NULL,
  kind VARCHAR NOT NULL DEFAULT 'order',
  revenue DECIMAL(18,4) NOT NULL,
  currency VARCHAR NOT NULL,
  channel VARCHAR,
  country VARCHAR,
  source VARCHAR NOT NULL,
  import_id VARCHAR
);
CREATE TABLE order_items (
  line_key VARCHAR PRIMARY KEY,
  order_id VARCHAR NOT NULL,
  product_id VARCHAR NOT NULL,
  quantity DOUBLE NOT NULL,
  price DECIMAL(18,4) NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR
);
CREATE TABLE order_charges (
  line_key VARCHAR PRIMARY KEY,
  order_id VARCHAR NOT NULL,
  code VARCHAR NOT NULL,
  description VARCHAR,
  amount DECIMAL(18,4) NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR
);
CREATE TABLE products (
  product_id VARCHAR PRIMARY KEY,
  name VARCHAR,
  category VARCHAR,
  price DECIMAL(18,4),
  attributes JSON,
  source VARCHAR NOT NULL,
  import_id VARCHAR
);
CREATE TABLE customers (
  customer_id VARCHAR PRIMARY KEY,
  first_seen TIMESTAMP,
  last_seen TIMESTAMP,
  traits JSON,
  source VARCHAR NOT NULL,
  import_id VARCHAR
);
CREATE TABLE identities (
  kind VARCHAR NOT NULL,
  value_hash VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  first_seen TIMESTAMP,
  import_id VARCHAR,
  PRIMARY KEY (kind, value_hash, customer_id)
);
CREATE TABLE pii_vault (
  customer_id VARCHAR NOT NULL,
  field VARCHAR NOT NULL,
  ciphertext BLOB NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (customer_id, field)
);
CREATE TABLE texts (
  text_id VARCHAR PRIMARY KEY,
  customer_id VARCHAR,
  product_id VARCHAR,
  ts TIMESTAMP,
  channel VARCHAR,
  body VARCHAR NOT NULL,
  rating DOUBLE,
  label VARCHAR,
  source VARCHAR NOT NULL,
  import_id VARCHAR
);
CREATE SEQUENCE quarantine_seq;
CREATE TABLE quarantine (
  quarantine_id BIGINT PRIMARY KEY DEFAULT nextval('quarantine_seq'),
  import_id VARCHAR,
  source VARCHAR NOT NULL,
  file VARCHAR,
  line BIGINT,
  raw VARCHAR NOT NULL,
  reason VARCHAR NOT NULL,
  detail VARCHAR,
  received_at TIMESTAMP NOT NULL,
  replayed_at TIMESTAMP
);
CREATE TABLE features (
  customer_id VARCHAR NOT NULL,
  feature_set VARCHAR NOT NULL,
  version VARCHAR NOT NULL,
  as_of TIMESTAMP,
  "values" JSON NOT NULL,
  computed_at TIMESTAMP NOT NULL
);
CREATE TABLE predictions (
  customer_id VARCHAR NOT NULL,
  model VARCHAR NOT NULL,
  version VARCHAR NOT NULL,
  score DOUBLE,
  "values" JSON,
  computed_at TIMESTAMP NOT NULL
);
CREATE TABLE segments (
  customer_id VARCHAR NOT NULL,
  segmentation VARCHAR NOT NULL,
  version VARCHAR NOT NULL,
  segment VARCHAR NOT NULL,
  "values" JSON,
  computed_at TIMESTAMP NOT NULL
);
CREATE TABLE models (
  model VARCHAR NOT NULL,
  version VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  params JSON,
  metrics JSON,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (model, version)
);
CREATE TABLE ledger (
  seq BIGINT PRIMARY KEY,
  leaf_hash VARCHAR NOT NULL,
  ts TIMESTAMP NOT NULL,
  kind VARCHAR NOT NULL,
  payload JSON
);
CREATE TABLE ledger_heads (
  tree_size BIGINT PRIMARY KEY,
  root_hash VARCHAR NOT NULL,
  ts TIMESTAMP NOT NULL,
  signature VARCHAR
);
CREATE TABLE sources (
  name VARCHAR PRIMARY KEY,
  kind VARCHAR NOT NULL,
  write_key_hash VARCHAR,
  settings JSON,
  created_at TIMESTAMP NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'vault keys',
    // One data key per customer, wrapped with a key derived from the store secret (privacy/vault.ts).
    // Deleting a customer's row here is the crypto-shredding of everything in pii_vault for them.
    sql: `
CREATE TABLE vault_keys (
  customer_id VARCHAR PRIMARY KEY,
  wrapped_key BLOB NOT NULL,
  created_at TIMESTAMP NOT NULL
);
`,
  },
  {
    version: 3,
    name: 'olist lookups',
    // Tables of the Olist marketplace export that have no canonical home: sellers, order payments
    // (kept although Olist's orders file is not at hand) and the category-name translation that
    // products' categories are shown in. `payments.order_id` is the order key ('olist:<id>').
    sql: `
CREATE TABLE product_category_names (
  category VARCHAR PRIMARY KEY,
  name_en VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR
);
CREATE TABLE sellers (
  seller_id VARCHAR PRIMARY KEY,
  zip_code_prefix VARCHAR,
  city VARCHAR,
  state VARCHAR,
  source VARCHAR NOT NULL,
  import_id VARCHAR
);
CREATE TABLE payments (
  order_id VARCHAR NOT NULL,
  payment_sequential INTEGER NOT NULL,
  payment_type VARCHAR,
  installments INTEGER,
  value DECIMAL(18,4) NOT NULL,
  currency VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR,
  PRIMARY KEY (order_id, payment_sequential)
);
`,
  },
  {
    version: 4,
    name: 'crm records',
    // One row per distinct person record imported from a CRM: the record's own key (a hash of
    // all its fields) and the customer it was filed under, so a re-import adds nothing while a
    // changed record counts as new. The record's identifying fields are in pii_vault.
    sql: `
CREATE TABLE crm_records (
  record_key VARCHAR PRIMARY KEY,
  customer_id VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  import_id VARCHAR
);
`,
  },
  {
    version: 5,
    name: 'sealed quarantine',
    // A rejected record's raw text may hold personal data, so it is kept encrypted (enc:v1:…);
    // its keyed hash tells a record seen again from a new one without opening it.
    sql: `ALTER TABLE quarantine ADD COLUMN raw_hash VARCHAR;`,
  },
  {
    version: 6,
    name: 'collector sources',
    // `sources` (migration 1) holds the collector's sources: the SHA-256 of each write key (the
    // key itself is shown once, when made), its last four characters to tell keys apart in a
    // listing, and when it was revoked. A key names at most one source.
    sql: `
ALTER TABLE sources ADD COLUMN key_hint VARCHAR;
ALTER TABLE sources ADD COLUMN revoked_at TIMESTAMP;
CREATE UNIQUE INDEX sources_write_key ON sources (write_key_hash);
`,
  },
  {
    version: 7,
    name: 'api keys and audit log',
    // REST API keys (server/api/): only the SHA-256 of a key is kept; it is shown once, when made.
    // A revoked key keeps its row (and its name) so that the audit log's `actor` stays unambiguous.
    // The audit log records each read of personal data: who (key name), what, which customer
    // (pseudonym id) and when; `detail` holds counts and field names, never the values read.
    sql: `
CREATE TABLE api_keys (
  name VARCHAR PRIMARY KEY,
  role VARCHAR NOT NULL,
  key_hash VARCHAR NOT NULL UNIQUE,
  created_at TIMESTAMP NOT NULL,
  revoked_at TIMESTAMP
);
CREATE SEQUENCE audit_log_seq;
CREATE TABLE audit_log (
  audit_id BIGINT PRIMARY KEY DEFAULT nextval('audit_log_seq'),
  ts TIMESTAMP NOT NULL,
  actor VARCHAR NOT NULL,
  action VARCHAR NOT NULL,
  customer_id VARCHAR,
  detail JSON
);
`,
  },
  {
    version: 8,
    name: 'forecasts',
    // `cairn forecast` keeps every run (the forecast made on a day can be checked against what was
    // sold later): one row per run and series with the back-test, and one per forecast day with
    // the 80% and 95% intervals. `series` is `all` or `category:<name>`; `metric` revenue/orders.
    sql: `
CREATE TABLE forecast_runs (
  run_id VARCHAR NOT NULL,
  series VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  model VARCHAR NOT NULL,
  version VARCHAR NOT NULL,
  history_start DATE NOT NULL,
  history_end DATE NOT NULL,
  horizon INTEGER NOT NULL,
  backtest JSON,
  notes JSON,
  computed_at TIMESTAMP NOT NULL,
  PRIMARY KEY (run_id, series, metric)
);
CREATE TABLE forecasts (
  run_id VARCHAR NOT NULL,
  series VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  model VARCHAR NOT NULL,
  version VARCHAR NOT NULL,
  date DATE NOT NULL,
  yhat DOUBLE NOT NULL,
  lower_80 DOUBLE,
  upper_80 DOUBLE,
  lower_95 DOUBLE,
  upper_95 DOUBLE,
  computed_at TIMESTAMP NOT NULL
);
`,
  },
  {
    version: 9,
    name: 'identity graph',
    // Identity resolution (identity/). Ingest files every record under a *member*: the customer id
    // its source gives it (a web user id's pseudonym, a CRM record's, a till e-mail's). The resolver
    // joins members that are one person into one customer: `identity_members` maps each member to
    // its customer and keeps the member's own `customers` row, so a split restores it exactly.
    // `events`, `orders` and `texts` carry both: `member_id` (as filed; empty for an anonymous
    // event, NULL until the resolver has filed it) and `customer_id` (resolved), so analytics
    // reads customer_id and a split re-attributes by member_id. `identities`, `crm_records` and `pii_vault` stay keyed by member.
    // `identity_anonymous` files each anonymous id under its customer (NULL when it is shared or
    // never identified) and a visitor id: the customer, or for anonymous ids that only a device
    // links, one id for all of them (unique visitors across cookie resets); `anonymous_hash` is
    // its keyed hash, as identities file it. `identity_anonymous_devices` holds each distinct
    // (anonymous id, device id) pair of events, so a run reads only the new events.
    // Every merge and split is a row of `identity_merges`; identifiers
    // the resolver would not merge through go to `identity_conflicts`; `identity_blocks` keeps a
    // split's cut links so a later run does not merge them again. `identity_match_pairs` holds the
    // record matcher's pairs (status match, review, accepted, rejected); match and accepted pairs
    // are links for the resolver.
    sql: `
ALTER TABLE events ADD COLUMN member_id VARCHAR;
ALTER TABLE orders ADD COLUMN member_id VARCHAR;
ALTER TABLE texts ADD COLUMN member_id VARCHAR;
CREATE TABLE identity_members (
  member_id VARCHAR PRIMARY KEY,
  customer_id VARCHAR NOT NULL,
  anchor BOOLEAN NOT NULL,
  first_seen TIMESTAMP,
  last_seen TIMESTAMP,
  traits JSON,
  source VARCHAR,
  import_id VARCHAR,
  resolved_at TIMESTAMP NOT NULL
);
CREATE TABLE identity_anonymous (
  anonymous_id VARCHAR PRIMARY KEY,
  anonymous_hash VARCHAR NOT NULL,
  customer_id VARCHAR,
  visitor_id VARCHAR,
  reason VARCHAR
);
CREATE TABLE identity_anonymous_devices (
  anonymous_id VARCHAR NOT NULL,
  device_id VARCHAR NOT NULL
);
CREATE SEQUENCE identity_merges_seq;
CREATE TABLE identity_merges (
  merge_id BIGINT PRIMARY KEY DEFAULT nextval('identity_merges_seq'),
  ts TIMESTAMP NOT NULL,
  action VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  merged_id VARCHAR NOT NULL,
  members JSON NOT NULL,
  via JSON,
  reason VARCHAR NOT NULL,
  actor VARCHAR NOT NULL,
  undone_at TIMESTAMP,
  undone_by BIGINT
);
CREATE TABLE identity_conflicts (
  kind VARCHAR NOT NULL,
  value_hash VARCHAR NOT NULL,
  reason VARCHAR NOT NULL,
  members INTEGER NOT NULL,
  customers JSON,
  first_detected TIMESTAMP NOT NULL,
  last_detected TIMESTAMP NOT NULL,
  PRIMARY KEY (kind, value_hash)
);
CREATE TABLE identity_blocks (
  kind VARCHAR NOT NULL,
  value_hash VARCHAR NOT NULL,
  member_id VARCHAR NOT NULL,
  merge_id BIGINT,
  created_at TIMESTAMP NOT NULL,
  actor VARCHAR NOT NULL,
  PRIMARY KEY (kind, value_hash, member_id)
);
CREATE TABLE identity_match_pairs (
  run_id VARCHAR NOT NULL,
  member_a VARCHAR NOT NULL,
  member_b VARCHAR NOT NULL,
  probability DOUBLE NOT NULL,
  weight DOUBLE NOT NULL,
  decided_by JSON,
  status VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (run_id, member_a, member_b)
);
CREATE TABLE identity_runs (
  run_id VARCHAR PRIMARY KEY,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  report JSON
);
`,
  },
  {
    version: 10,
    name: 'sessions',
    // Sessions (analytics/sessions): one row per visit, built from events by `buildSessions` —
    // the SDK's session id when there is one, else 30 minutes of inactivity per visitor. A visitor
    // is the resolved customer, else the anonymous id's visitor (identity_anonymous), else the
    // anonymous id. `channel` is the taxonomy of analytics/channels (direct, organic_search,
    // paid_search, social, paid_social, email, referral, affiliate, in_store); source/medium/
    // campaign are the visit's first UTM tags. `events.session_key` files each event under its visit.
    sql: `
ALTER TABLE events ADD COLUMN session_key VARCHAR;
CREATE TABLE sessions (
  session_key VARCHAR PRIMARY KEY,
  visitor_id VARCHAR NOT NULL,
  customer_id VARCHAR,
  anonymous_id VARCHAR,
  sdk_session_id VARCHAR,
  started_at TIMESTAMP NOT NULL,
  ended_at TIMESTAMP NOT NULL,
  duration_s DOUBLE NOT NULL,
  events INTEGER NOT NULL,
  pages INTEGER NOT NULL,
  entry_page VARCHAR,
  exit_page VARCHAR,
  device_type VARCHAR,
  os VARCHAR,
  app BOOLEAN,
  channel VARCHAR NOT NULL,
  source VARCHAR,
  medium VARCHAR,
  campaign VARCHAR,
  referrer_domain VARCHAR,
  orders INTEGER NOT NULL DEFAULT 0,
  revenue DOUBLE NOT NULL DEFAULT 0,
  computed_at TIMESTAMP NOT NULL
);
`,
  },
  {
    version: 11,
    name: 'model registry',
    // Classifiers (models/run/: churn, purchase propensity, any event). `models` (migration 1)
    // keeps each version's kind, status (candidate, champion, retired), parameters and metrics;
    // `model_artifacts` the fitted model itself as JSON (the classifier, its encoding of the
    // features) and the reference distributions drift is measured against (binned features and
    // scores of the training rows). `model_feedback` holds, per stored prediction run (model,
    // version, as-of day), what happened once its outcome window closed: realised ROC AUC and
    // calibration against the labels the store then had.
    sql: `
CREATE TABLE model_artifacts (
  model VARCHAR NOT NULL,
  version VARCHAR NOT NULL,
  format VARCHAR NOT NULL,
  artifact JSON NOT NULL,
  reference JSON,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (model, version)
);
CREATE TABLE model_feedback (
  model VARCHAR NOT NULL,
  version VARCHAR NOT NULL,
  as_of DATE NOT NULL,
  horizon_days INTEGER NOT NULL,
  outcome_end DATE NOT NULL,
  customers INTEGER NOT NULL,
  positives INTEGER NOT NULL,
  metrics JSON NOT NULL,
  computed_at TIMESTAMP NOT NULL,
  PRIMARY KEY (model, version, as_of)
);
`,
  },
];
