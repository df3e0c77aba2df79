/** What a category of the generated shop sells and at what price level. */
export interface CategorySpec {
  name: string;
  slug: string;
  /** Three letters at the start of every SKU in the category. */
  code: string;
  /** Median price in EUR and log-normal spread of prices. */
  medianPrice: number;
  priceSigma: number;
  products: number;
  brands: readonly string[];
  adjectives: readonly string[];
  nouns: readonly string[];
  /** Search terms a shopper types to find the category. */
  queries: readonly string[];
}

/** The ten categories of the shop (names are invented; prices are in line with a German retailer). */
export const CATEGORIES: readonly CategorySpec[] = [
  {
    name: 'Electronics', slug: 'electronics', code: 'ELE', medianPrice: 79, priceSigma: 0.9, products: 40,
    brands: ['Voltra', 'Nordlicht', 'Klangwerk', 'Pixelo', 'Tecnova'],
    adjectives: ['Wireless', 'Compact', 'Smart', 'Portable', 'Noise-Cancelling', 'Ultra HD', 'Pro'],
    nouns: ['Headphones', 'Bluetooth Speaker', 'Power Bank', 'Smartwatch', 'Webcam', 'E-Reader', 'Action Camera', 'USB-C Hub', 'Earbuds', 'Monitor'],
    queries: ['headphones', 'bluetooth speaker', 'smartwatch', 'usb c', 'power bank'],
  },
  {
    name: 'Fashion', slug: 'fashion', code: 'FAS', medianPrice: 39, priceSigma: 0.6, products: 45,
    brands: ['Fjordline', 'Urbanstich', 'Mira & Co', 'Lenz', 'Kalea'],
    adjectives: ['Organic Cotton', 'Slim-Fit', 'Oversized', 'Merino', 'Linen', 'Classic', 'Recycled'],
    nouns: ['T-Shirt', 'Hoodie', 'Jeans', 'Sneakers', 'Rain Jacket', 'Dress', 'Chinos', 'Scarf', 'Beanie', 'Cardigan'],
    queries: ['hoodie', 'sneakers', 'jeans', 'rain jacket', 'dress'],
  },
  {
    name: 'Home & Kitchen', slug: 'home-kitchen', code: 'HOM', medianPrice: 34, priceSigma: 0.8, products: 40,
    brands: ['Hausglück', 'Kochwerk', 'Lumo', 'Steinhaus', 'Velvetine'],
    adjectives: ['Stainless Steel', 'Ceramic', 'Non-Stick', 'Bamboo', 'Cast Iron', 'Glass', 'Stackable'],
    nouns: ['Frying Pan', 'Coffee Grinder', 'Knife Set', 'Storage Jars', 'Table Lamp', 'Cushion Cover', 'French Press', 'Kettle', 'Dinner Plates', 'Blanket'],
    queries: ['pan', 'coffee', 'knife set', 'lamp', 'kettle'],
  },
  {
    name: 'Beauty', slug: 'beauty', code: 'BEA', medianPrice: 16, priceSigma: 0.55, products: 35,
    brands: ['Blütenrein', 'Aurelle', 'Skinfold', 'Nuvé', 'Salbei'],
    adjectives: ['Hydrating', 'Vegan', 'Fragrance-Free', 'Vitamin C', 'Night', 'Mattifying', 'Gentle'],
    nouns: ['Face Cream', 'Serum', 'Shampoo', 'Lip Balm', 'Sunscreen SPF 50', 'Body Lotion', 'Cleanser', 'Eye Cream', 'Hair Oil', 'Face Mask'],
    queries: ['serum', 'sunscreen', 'shampoo', 'face cream', 'vegan'],
  },
  {
    name: 'Sports & Outdoors', slug: 'sports-outdoors', code: 'SPO', medianPrice: 45, priceSigma: 0.8, products: 35,
    brands: ['Gipfelsturm', 'Trailmark', 'Aquafin', 'Bergfex', 'Runlab'],
    adjectives: ['Lightweight', 'Waterproof', 'Breathable', 'Foldable', 'Insulated', 'Ergonomic', 'Trail'],
    nouns: ['Running Shoes', 'Yoga Mat', 'Backpack 30L', 'Water Bottle', 'Tent', 'Cycling Gloves', 'Sleeping Bag', 'Trekking Poles', 'Dumbbell Set', 'Headlamp'],
    queries: ['running shoes', 'yoga mat', 'backpack', 'tent', 'water bottle'],
  },
  {
    name: 'Books', slug: 'books', code: 'BOO', medianPrice: 14, priceSigma: 0.4, products: 35,
    brands: ['Feder Verlag', 'Leselust', 'Nordbuch', 'Papierschiff'],
    adjectives: ['Illustrated', 'Paperback', 'Hardcover', 'Bestselling', 'Annotated', 'Pocket'],
    nouns: ['Cookbook', 'Crime Novel', 'Travel Guide', 'Children\'s Book', 'Biography', 'Fantasy Saga', 'Garden Handbook', 'Poetry Collection', 'History of Europe', 'Puzzle Book'],
    queries: ['cookbook', 'crime novel', 'travel guide', 'fantasy', 'biography'],
  },
  {
    name: 'Toys & Games', slug: 'toys-games', code: 'TOY', medianPrice: 24, priceSigma: 0.7, products: 30,
    brands: ['Spielwiese', 'Klötzchen', 'Wunderkiste', 'Tiny Tiger'],
    adjectives: ['Wooden', 'Educational', 'Family', 'Magnetic', 'Plush', 'Cooperative'],
    nouns: ['Board Game', 'Building Blocks', 'Puzzle 1000 Pieces', 'Teddy Bear', 'Marble Run', 'Card Game', 'Train Set', 'Science Kit', 'Doll House', 'Kite'],
    queries: ['board game', 'puzzle', 'lego', 'teddy', 'gift for kids'],
  },
  {
    name: 'Jewellery', slug: 'jewellery', code: 'JEW', medianPrice: 59, priceSigma: 0.75, products: 25,
    brands: ['Silberfaden', 'Aurum Atelier', 'Perlmutt', 'Lunara'],
    adjectives: ['Sterling Silver', 'Gold-Plated', 'Minimalist', 'Pearl', 'Engraved', 'Vintage'],
    nouns: ['Necklace', 'Earrings', 'Bracelet', 'Ring', 'Pendant', 'Watch', 'Anklet', 'Brooch'],
    queries: ['necklace', 'earrings', 'gift for her', 'silver ring', 'watch'],
  },
  {
    name: 'Garden', slug: 'garden', code: 'GAR', medianPrice: 29, priceSigma: 0.85, products: 30,
    brands: ['Grünfink', 'Beetwerk', 'Sonnenhof', 'Wurzelwerk'],
    adjectives: ['Solar', 'Weatherproof', 'Raised', 'Self-Watering', 'Galvanised', 'Compact'],
    nouns: ['Garden Lights', 'Planter', 'Hose Reel', 'Pruning Shears', 'Bird Feeder', 'Seed Kit', 'Garden Chair', 'Compost Bin', 'Watering Can', 'Herb Garden'],
    queries: ['planter', 'garden lights', 'seeds', 'hose', 'bird feeder'],
  },
  {
    name: 'Food & Drink', slug: 'food-drink', code: 'FOO', medianPrice: 12, priceSigma: 0.5, products: 30,
    brands: ['Röstgut', 'Teehaus Lindner', 'Olivia', 'Schokomanufaktur', 'Bergkäse'],
    adjectives: ['Organic', 'Fair Trade', 'Single-Origin', 'Cold-Pressed', 'Handmade', 'Spicy'],
    nouns: ['Coffee Beans 1kg', 'Green Tea', 'Olive Oil', 'Dark Chocolate', 'Gift Hamper', 'Honey', 'Pasta Sauce', 'Spice Set', 'Granola', 'Espresso Capsules'],
    queries: ['coffee beans', 'tea', 'chocolate', 'olive oil', 'gift hamper'],
  },
];

/** Extra words that make product names distinct inside a category. */
export const VARIANTS = ['Black', 'White', 'Navy', 'Sand', 'Olive', 'Grey', 'Rose', 'Large', 'Mini', 'Edition 2', 'Set of 2', 'Deluxe'] as const;
