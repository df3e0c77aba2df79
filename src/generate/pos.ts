import { csvLine } from './csv.js';
import { STORES } from './people-data.js';
import type { ShopContext } from './shop-context.js';
import { berlinLocal } from './time.js';

/** Column header of pos_orders.csv. */
export const POS_HEADER = 'receipt_id,store_id,loyalty_id,email,purchased_at,sku,quantity,unit_price,currency';

/** What the till export holds, for summary.json. */
export interface PosSummary {
  rows: number;
  receipts: number;
  returns: number;
}

/**
 * Numbers receipts in time order and writes one row per line item, with Berlin wall-clock time
 * and the loyalty id (the person's first CRM id) when a card was shown. Needs CRM ids assigned.
 */
export function posRows(ctx: ShopContext): { lines: string[]; summary: PosSummary } {
  const receipts = ctx.receipts.map((r, i) => ({ r, i })).sort((a, b) => a.r.ms - b.r.ms || a.i - b.i);
  const lines = [POS_HEADER];
  let returns = 0;
  receipts.forEach(({ r }, n) => {
    r.receiptId = `R${String(2_000_001 + n)}`;
    if (r.isReturn) returns++;
    const person = ctx.people[r.person];
    const loyalty = r.loyaltyCard ? (person?.crmIds[0] ?? '') : '';
    const store = STORES[r.store] ?? STORES[0];
    const at = berlinLocal(r.ms);
    for (const item of r.items) {
      const sku = ctx.catalog.products[item.product]?.sku ?? '';
      lines.push(csvLine([r.receiptId, store, loyalty, r.email, at, sku, item.quantity, item.price.toFixed(2), 'EUR']));
    }
  });
  return { lines, summary: { rows: lines.length - 1, receipts: receipts.length, returns } };
}

/** Gives every checkout an order id in time order (ORD-1000001, …), as a shop system would. */
export function assignOrderIds(ctx: ShopContext): void {
  const started = ctx.checkouts.map((c, i) => ({ c, i })).filter(({ c }) => c.ms > 0);
  started.sort((a, b) => a.c.ms - b.c.ms || a.i - b.i);
  started.forEach(({ c }, n) => {
    c.orderId = `ORD-${String(1_000_001 + n)}`;
  });
}
