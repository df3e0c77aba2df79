import { type Line } from './cart.js';
import { PRODUCTS, type Product, money } from './catalogue.js';

export const BASE = '/demo/shop';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]!);
}

export function listView(): string {
  const cards = PRODUCTS.map((p) => `
    <article class="card" data-product-id="${esc(p.product_id)}">
      <a href="${BASE}/product/${esc(p.product_id)}" data-link class="thumb">${p.emoji}</a>
      <h3><a href="${BASE}/product/${esc(p.product_id)}" data-link>${esc(p.name)}</a></h3>
      <p class="price">${money(p.price)}</p>
      <button type="button" class="add" data-add="${esc(p.product_id)}">Add to cart</button>
    </article>`).join('');
  return `<h1>Kitchen, coffee &amp; home</h1><p class="lead">Small-batch goods, shipped from Lisbon.</p><section class="grid">${cards}</section>`;
}

export function productView(p: Product): string {
  return `
    <nav class="crumbs"><a href="${BASE}" data-link>Shop</a> / ${esc(p.category)}</nav>
    <div class="product">
      <div class="hero">${p.emoji}</div>
      <div>
        <h1>${esc(p.name)}</h1>
        <p class="price">${money(p.price)}</p>
        <p>${esc(p.description)}</p>
        <label>Quantity <input id="qty" name="quantity" type="number" min="1" max="9" value="1"></label>
        <button type="button" id="add-to-cart" data-add="${esc(p.product_id)}">Add to cart</button>
        <p class="note" id="added" hidden>Added. <a href="${BASE}/cart" data-link>View cart</a></p>
        <p class="small">Free shipping over €50. 30-day returns.</p>
      </div>
    </div>`;
}

export function cartView(lines: Line[], subtotal: number): string {
  if (!lines.length) return `<h1>Your cart</h1><p>Your cart is empty. <a href="${BASE}" data-link>Keep shopping</a></p>`;
  const rows = lines.map((l) => `
    <tr data-line="${esc(l.product.product_id)}">
      <td>${l.product.emoji} ${esc(l.product.name)}</td><td>${l.quantity}</td><td>${money(l.product.price * l.quantity)}</td>
      <td><button type="button" class="remove" data-remove="${esc(l.product.product_id)}">Remove</button></td>
    </tr>`).join('');
  // "Apply" does nothing on purpose: the broken button a shop ships by mistake, for the
  // SDK's dead-click and rage-click detection to find.
  return `
    <h1>Your cart</h1>
    <table class="cart"><thead><tr><th>Item</th><th>Qty</th><th>Amount</th><th></th></tr></thead><tbody>${rows}</tbody></table>
    <div class="coupon"><input id="coupon" name="coupon" placeholder="Discount code"> <button type="button" id="apply-coupon">Apply</button></div>
    <p class="total">Subtotal <strong>${money(subtotal)}</strong></p>
    <a class="button" id="checkout" href="${BASE}/checkout" data-link>Checkout</a>`;
}

export function checkoutView(subtotal: number, shipping: number): string {
  return `
    <h1>Checkout</h1>
    <form name="checkout" id="checkout-form" autocomplete="on">
      <fieldset><legend>Contact</legend>
        <label>Full name <input name="name" autocomplete="name" required></label>
        <label>E-mail <input name="email" type="email" autocomplete="email" required></label>
      </fieldset>
      <fieldset><legend>Shipping address</legend>
        <label>Street <input name="street" autocomplete="street-address" required></label>
        <label>Postcode <input name="postcode" autocomplete="postal-code" required></label>
        <label>City <input name="city" autocomplete="address-level2" required></label>
      </fieldset>
      <fieldset><legend>Payment (demo: no card is charged)</legend>
        <label>Card number <input name="card" inputmode="numeric" autocomplete="cc-number" required></label>
      </fieldset>
      <p>Subtotal ${money(subtotal)} · Shipping ${money(shipping)} · <strong>Total ${money(subtotal + shipping)}</strong></p>
      <button type="submit" id="place-order">Place order</button>
    </form>`;
}

export function confirmationView(orderId: string, total: number): string {
  return `<h1>Thank you!</h1><p>Order <strong id="order-id">${esc(orderId)}</strong> is confirmed: ${money(total)}.</p><p><a href="${BASE}" data-link>Back to the shop</a></p>`;
}

export function notFoundView(): string {
  return `<h1>Not found</h1><p><a href="${BASE}" data-link>Back to the shop</a></p>`;
}
