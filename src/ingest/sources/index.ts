import type { SourceDefinition } from '../source.js';
import { cdnow } from './cdnow.js';
import { olist } from './olist.js';
import { olistCategories, olistPayments, olistProducts, olistSellers } from './olist-layouts.js';
import { onlineRetail } from './online-retail.js';
import { segment } from './segment.js';
import { shopCrm } from './shop-crm.js';
import { shopPos } from './shop-pos.js';
import { reviews } from './reviews.js';
import { telco } from './telco.js';

/** The exports Cairn loads without a mapping file, by `--source` name. */
export const builtInSources: ReadonlyMap<string, SourceDefinition> = new Map(
  [onlineRetail, cdnow, telco, reviews, olist, olistProducts, olistSellers, olistPayments, olistCategories, segment, shopPos, shopCrm].map((s) => [s.name, s]),
);
