/**
 * The canonical tables a mapping can load, with what each column holds. Mirrors
 * store/duckdb/migrations.ts; `source` and `import_id` are filled in by the loader.
 */

/** A value type a mapping column converts to. */
export type ValueType = 'string' | 'integer' | 'decimal' | 'boolean' | 'timestamp' | 'date' | 'json';

export const VALUE_TYPES = ['string', 'integer', 'decimal', 'boolean', 'timestamp', 'date', 'json'] as const;

export interface TargetColumn {
  type: ValueType;
  /** The table cannot hold a row without it (NOT NULL with no default). */
  required?: boolean;
  /** SQL used when the mapping leaves the column out. */
  default?: string;
  /** Filled with a hash of the row's fields when the mapping does not map it (stable on re-import). */
  rowHash?: boolean;
  /** Parser used when the mapping names none. */
  parser?: 'country' | 'currency' | 'category';
}

export interface TargetTable {
  /** Natural key: the default dedup key. */
  key: string;
  columns: Readonly<Record<string, TargetColumn>>;
}

const id = { type: 'string', required: true } as const;
const text = { type: 'string' } as const;

export const TARGET_TABLES = {
  orders: {
    key: 'order_id',
    columns: {
      order_id: id,
      customer_id: text,
      ts: { type: 'timestamp', required: true },
      kind: { type: 'string', default: `'order'` },
      revenue: { type: 'decimal', required: true },
      currency: { type: 'string', required: true, parser: 'currency' },
      channel: text,
      country: { type: 'string', parser: 'country' },
    },
  },
  order_items: {
    key: 'line_key',
    columns: {
      line_key: { type: 'string', rowHash: true },
      order_id: id,
      product_id: id,
      quantity: { type: 'decimal', required: true },
      price: { type: 'decimal', required: true },
    },
  },
  products: {
    key: 'product_id',
    columns: { product_id: id, name: text, category: { type: 'string', parser: 'category' }, price: { type: 'decimal' }, attributes: { type: 'json' } },
  },
  customers: {
    key: 'customer_id',
    columns: { customer_id: id, first_seen: { type: 'timestamp' }, last_seen: { type: 'timestamp' }, traits: { type: 'json' } },
  },
  texts: {
    key: 'text_id',
    columns: {
      text_id: { type: 'string', rowHash: true },
      customer_id: text,
      product_id: text,
      ts: { type: 'timestamp' },
      channel: text,
      body: { type: 'string', required: true },
      rating: { type: 'decimal' },
      label: text,
    },
  },
  events: {
    key: 'event_id',
    columns: {
      event_id: { type: 'string', rowHash: true },
      ts: { type: 'timestamp', required: true },
      received_at: { type: 'timestamp', default: 'now()::TIMESTAMP' },
      type: { type: 'string', default: `'track'` },
      name: text,
      anonymous_id: text,
      user_id: text,
      customer_id: text,
      session_id: text,
      channel: text,
      properties: { type: 'json' },
      context: { type: 'json' },
    },
  },
} as const satisfies Record<string, TargetTable>;

export type TargetTableName = keyof typeof TARGET_TABLES;

export const TARGET_TABLE_NAMES = Object.keys(TARGET_TABLES) as [TargetTableName, ...TargetTableName[]];

/** The table's spec, typed loosely for lookups by column name. */
export function targetTable(name: TargetTableName): TargetTable {
  return TARGET_TABLES[name];
}

/** JSON columns that take named fields (`traits.plan`), per table. */
export function bagColumns(table: TargetTableName): string[] {
  return Object.entries(targetTable(table).columns)
    .filter(([, c]) => c.type === 'json')
    .map(([name]) => name);
}

/** Identifier kinds (DESIGN.md, identities) a mapping may record as keyed hashes. */
export const IDENTITY_KINDS = ['email', 'phone', 'user_id', 'anonymous_id', 'device_id', 'crm_id'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** Columns that may be pseudonymised: they hold a person's identifier. */
export const PSEUDONYMISABLE = ['customer_id', 'user_id', 'anonymous_id'] as const;

/** SQL type of a value type. */
export function sqlType(type: ValueType): string {
  switch (type) {
    case 'string':
      return 'VARCHAR';
    case 'integer':
      return 'BIGINT';
    case 'decimal':
      return 'DECIMAL(18,4)';
    case 'boolean':
      return 'BOOLEAN';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'date':
      return 'DATE';
    case 'json':
      return 'JSON';
  }
}
