import { CATEGORIES } from './catalog-data.js';
import type { Catalog } from './catalog.js';
import { PageKind } from './event-log.js';

/** The shop's web address (a reserved example domain). */
export const SHOP_ORIGIN = 'https://www.cairn-shop.example';

/** What a page view shows: Segment's page name and the path/title of the page. */
export interface PageSpec {
  name: string;
  path: string;
  title: string;
  /** The app's screen name for the same view. */
  screen: string;
}

const SUFFIX = ' | Cairn Shop';

/** URL slug of a product name: "Voltra Wireless Headphones" → "voltra-wireless-headphones". */
function slugify(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** A search query of the shop, by index (category × 5 + n). */
export function searchQuery(index: number): string {
  const spec = CATEGORIES[Math.floor(index / 5)];
  return spec?.queries[index % 5] ?? 'gift';
}

/** The page for a page kind and its reference (product, category or query index). */
export function pageSpec(catalog: Catalog, page: number, ref: number): PageSpec {
  switch (page) {
    case PageKind.Home:
      return { name: 'Home', path: '/', title: 'Cairn Shop - online and in your city', screen: 'Home' };
    case PageKind.Category: {
      const c = CATEGORIES[ref];
      return { name: 'Category', path: `/c/${c?.slug ?? 'all'}`, title: `${c?.name ?? 'All products'}${SUFFIX}`, screen: 'Category' };
    }
    case PageKind.Product: {
      const p = catalog.products[ref];
      const name = p?.name ?? 'Product';
      return { name: 'Product', path: `/p/${slugify(name)}-${p?.productId ?? ref}`, title: `${name}${SUFFIX}`, screen: 'Product Detail' };
    }
    case PageKind.Search: {
      const q = searchQuery(ref);
      return { name: 'Search Results', path: `/search?q=${encodeURIComponent(q)}`, title: `Search: ${q}${SUFFIX}`, screen: 'Search' };
    }
    case PageKind.Cart:
      return { name: 'Cart', path: '/cart', title: `Your cart${SUFFIX}`, screen: 'Cart' };
    case PageKind.Checkout:
      return { name: 'Checkout', path: '/checkout', title: `Checkout${SUFFIX}`, screen: 'Checkout' };
    case PageKind.Payment:
      return { name: 'Payment', path: '/checkout/payment', title: `Payment${SUFFIX}`, screen: 'Payment' };
    case PageKind.Confirmation:
      return { name: 'Order Confirmation', path: '/checkout/confirmation', title: `Thank you for your order${SUFFIX}`, screen: 'Order Confirmation' };
    case PageKind.Login:
      return { name: 'Sign In', path: '/account/login', title: `Sign in${SUFFIX}`, screen: 'Sign In' };
    case PageKind.Signup:
      return { name: 'Sign Up', path: '/account/register', title: `Create an account${SUFFIX}`, screen: 'Sign Up' };
    default:
      return { name: 'Help', path: '/help/shipping', title: `Shipping and returns${SUFFIX}`, screen: 'Help' };
  }
}
