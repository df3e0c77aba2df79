/**
 * Sentences reviews are built from. Each aspect has positive and negative wording so that a
 * sentiment model trained on the reviews has real signal; neutral sentences add noise.
 * `{product}` is replaced by the product's short name.
 */
export const PHRASES = {
  qualityGood: [
    'The {product} is really well made.',
    'Great quality, exactly as described.',
    'Works perfectly and feels solid.',
    'I love the {product}, it exceeded my expectations.',
    'Excellent product, I use it every day.',
    'Very happy with the material and the finish.',
  ],
  qualityBad: [
    'The {product} arrived broken.',
    'It stopped working after two days.',
    'Poor quality, the seams came apart immediately.',
    'Defective on arrival and the parts did not fit.',
    'Cheap material, it feels flimsy and disappointing.',
    'Damaged packaging and a scratched {product}, very disappointing.',
  ],
  deliveryGood: [
    'Delivery was fast and the parcel was well packed.',
    'Arrived a day earlier than expected.',
    'Quick shipping, no complaints.',
  ],
  deliveryBad: [
    'Delivery took almost two weeks longer than promised.',
    'The parcel was late and tracking never updated.',
    'Terrible delivery, I had to chase customer service twice.',
    'Shipping was slow and nobody answered my emails.',
  ],
  priceGood: [
    'Good value for the money.',
    'Fair price, especially with the discount.',
    'Worth every cent.',
  ],
  priceBad: [
    'Far too expensive for what you get.',
    'Overpriced, I found it cheaper elsewhere.',
    'Not worth the price.',
  ],
  neutral: [
    'I bought it as a gift.',
    'Ordered the {product} after reading the reviews.',
    'It is my second order from this shop.',
    'The colour is slightly different from the photo.',
    'Size is as expected.',
    'I have only used it a few times so far.',
  ],
} as const;

/** Review titles by star rating (index 0 = one star). */
export const TITLES: readonly (readonly string[])[] = [
  ['Very disappointed', 'Do not buy', 'Waste of money', 'Awful experience'],
  ['Not great', 'Below expectations', 'Had problems', 'Disappointing'],
  ['Okay', 'Average', 'Mixed feelings', 'It does the job'],
  ['Good purchase', 'Pretty good', 'Happy with it', 'Recommended'],
  ['Excellent!', 'Love it', 'Perfect', 'Absolutely great', 'Five stars'],
];
