/**
 * The demo shop at /demo/shop: a single-page app (pushState routes) instrumented with cairn.js the
 * way a shop would, with the Segment e-commerce events: Product List Viewed, Product Viewed,
 * Product Added, Product Removed, Cart Viewed, Checkout Started, Order Completed.
 */
import type { Cairn } from '../client.js';
import { Cart, specProduct } from './cart.js';
import { CURRENCY, findProduct } from './catalogue.js';
import { BASE, cartView, checkoutView, confirmationView, listView, notFoundView, productView } from './views.js';

const FREE_SHIPPING_FROM = 50;
const SHIPPING = 4.9;

const cart = new Cart();
const app = document.getElementById('app')!;

function sdk(): Cairn | undefined {
  const c = window.cairn;
  return c && 'track' in c ? c : undefined;
}

function track(event: string, props: Record<string, unknown>): void {
  sdk()?.track(event, props);
}

function shipping(subtotal: number): number {
  return subtotal >= FREE_SHIPPING_FROM ? 0 : SHIPPING;
}

function navigate(path: string): void {
  history.pushState(null, '', path);
  render();
}

function render(): void {
  const path = location.pathname.replace(/\/+$/, '') || BASE;
  const [, , , section, id] = path.split('/');
  document.getElementById('cart-count')!.textContent = String(cart.count());
  window.scrollTo(0, 0);
  if (path === BASE) {
    document.title = 'Shop · Cairn demo';
    app.innerHTML = listView();
    track('Product List Viewed', { list_id: 'all', category: 'All' });
  } else if (section === 'product' && id && findProduct(id)) {
    const p = findProduct(id)!;
    document.title = `${p.name} · Cairn demo`;
    app.innerHTML = productView(p);
    track('Product Viewed', { ...specProduct({ product: p, quantity: 1 }), currency: CURRENCY, value: p.price });
  } else if (section === 'cart') {
    document.title = 'Cart · Cairn demo';
    app.innerHTML = cartView(cart.items(), cart.subtotal());
    track('Cart Viewed', { cart_id: cart.id, products: cart.items().map((l, i) => specProduct(l, i + 1)) });
  } else if (section === 'checkout') {
    if (!cart.count()) return navigate(`${BASE}/cart`);
    document.title = 'Checkout · Cairn demo';
    const subtotal = cart.subtotal();
    app.innerHTML = checkoutView(subtotal, shipping(subtotal));
    track('Checkout Started', {
      cart_id: cart.id, value: subtotal, revenue: subtotal, shipping: shipping(subtotal), currency: CURRENCY,
      products: cart.items().map((l, i) => specProduct(l, i + 1)),
    });
  } else if (section === 'order' && id) {
    document.title = 'Thank you · Cairn demo';
    app.innerHTML = confirmationView(id, Number(new URLSearchParams(location.search).get('total') ?? 0));
  } else {
    document.title = 'Not found · Cairn demo';
    app.innerHTML = notFoundView();
  }
}

function addToCart(productId: string): void {
  const p = findProduct(productId);
  if (!p) return;
  const qtyInput = document.getElementById('qty') as HTMLInputElement | null;
  // The shop reads its own quantity field; the SDK never reads field values.
  const quantity = Math.max(1, Math.min(9, Number(qtyInput?.value ?? 1) || 1));
  cart.add(productId, quantity);
  document.getElementById('cart-count')!.textContent = String(cart.count());
  document.getElementById('added')?.removeAttribute('hidden');
  track('Product Added', { cart_id: cart.id, ...specProduct({ product: p, quantity }), currency: CURRENCY });
}

function placeOrder(): void {
  const lines = cart.items();
  const subtotal = cart.subtotal();
  const ship = shipping(subtotal);
  const orderId = `DEMO-${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1000)}`;
  // Segment's spec: revenue is what the products earned; total adds shipping and tax.
  track('Order Completed', {
    order_id: orderId, checkout_id: cart.id, total: subtotal + ship, revenue: subtotal, shipping: ship, tax: 0,
    currency: CURRENCY, products: lines.map((l, i) => specProduct(l, i + 1)),
  });
  cart.clear();
  navigate(`${BASE}/order/${encodeURIComponent(orderId)}?total=${(subtotal + ship).toFixed(2)}`);
}

document.addEventListener('click', (e) => {
  const el = e.target instanceof Element ? e.target : null;
  const link = el?.closest<HTMLAnchorElement>('a[data-link]');
  if (link && !e.metaKey && !e.ctrlKey && !e.shiftKey && e.button === 0) {
    e.preventDefault();
    navigate(link.pathname + link.search);
    return;
  }
  const add = el?.closest<HTMLElement>('[data-add]');
  if (add) return addToCart(add.dataset['add']!);
  const remove = el?.closest<HTMLElement>('[data-remove]');
  if (remove) {
    const p = findProduct(remove.dataset['remove']!);
    const line = cart.items().find((l) => l.product.product_id === p?.product_id);
    cart.remove(remove.dataset['remove']!);
    if (line) track('Product Removed', { cart_id: cart.id, ...specProduct(line) });
    render();
    return;
  }
  if (el?.closest('#sign-in')) {
    sdk()?.identify('demo-customer-1042', { loyalty_tier: 'silver' });
    document.getElementById('sign-in')!.textContent = 'Signed in';
  }
  if (el?.closest('#consent-accept')) {
    sdk()?.consent.grant();
    document.getElementById('consent')?.remove();
  }
  if (el?.closest('#consent-decline')) {
    sdk()?.consent.revoke();
    document.getElementById('consent')?.remove();
  }
});

document.addEventListener('submit', (e) => {
  if ((e.target as HTMLFormElement).id !== 'checkout-form') return;
  e.preventDefault();
  placeOrder();
});

addEventListener('popstate', render);

// The consent banner shows when the page asks cairn.js for consent and the visitor has not decided.
if (sdk()?.consent.status() !== 'pending') document.getElementById('consent')?.remove();
else document.getElementById('consent')?.removeAttribute('hidden');

render();
