import type { RfmSegment, RfmSegmentSummary } from './rfm.js';

/** What each named RFM segment means, and the usual next step for it. */
export const RFM_MEANING: Readonly<Record<RfmSegment, { description: string; action: string }>> = {
  'Champions': { description: 'Bought recently, buy often and spend the most.', action: 'Reward loyalty: early access, VIP perks; ask for reviews and referrals. No discounts needed.' },
  'Loyal': { description: 'Buy regularly and spend well; respond to promotions.', action: 'Upsell higher-value products and invite them to the loyalty programme.' },
  'Potential Loyalist': { description: 'Recent customers with a few orders and average spend.', action: 'Offer membership or a loyalty reward to make the habit stick; recommend related products.' },
  'New': { description: 'Bought very recently, for the first time or nearly so.', action: 'Onboard: welcome series, set expectations, nudge toward the second purchase.' },
  'Promising': { description: 'Recent shoppers who have not spent much yet.', action: 'Build awareness: free trials, samples, a reason to come back soon.' },
  'Need Attention': { description: 'Average recency, frequency and spend, and starting to slip.', action: 'Limited-time offers and recommendations based on past purchases to re-activate them.' },
  'About to Sleep': { description: 'Below-average recency, few orders and low spend: drifting away.', action: 'Share popular products and a modest discount; reconnect before they are lost.' },
  'At Risk': { description: 'Spent good money and bought often, but a long time ago.', action: 'Win back: personalised e-mails, renewals and helpful offers.' },
  "Can't Lose Them": { description: 'Used to be among the biggest buyers, but have not returned for a long time.', action: 'Win them back with a personal approach and new products; find out why they left.' },
  'Hibernating': { description: 'Last order long ago, few orders, low spend.', action: 'Offer relevant products and special discounts; recreate brand value cheaply.' },
  'Lost': { description: 'Lowest recency, frequency and spend of all.', action: 'One low-cost reactivation campaign, then stop spending on them.' },
};

/** A named RFM segment as a marketer reads it. */
export interface RfmCard extends RfmSegmentSummary {
  name: RfmSegment;
  description: string;
  action: string;
}

/** Cards for the non-empty segments, largest revenue first. */
export function rfmCards(summary: readonly RfmSegmentSummary[]): RfmCard[] {
  return summary
    .filter((s) => s.customers > 0)
    .map((s) => ({ ...s, name: s.segment, ...RFM_MEANING[s.segment] }))
    .sort((a, b) => b.revenue - a.revenue || b.customers - a.customers);
}
