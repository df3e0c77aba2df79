/** The HTML shell of the demo shop; the app itself is src/sdk/demo-shop/ (served as /demo/shop-app.js). */

export interface DemoPageOptions {
  /** Write key the page's cairn.js sends with; none means the page explains how to get one. */
  writeKey: string | undefined;
  /** The page asks for consent before cairn.js may store or send anything. */
  consentRequired: boolean;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]!);

/** Everything the page loads is same-origin; inline styles only (no inline script). */
export const DEMO_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function demoPage(o: DemoPageOptions): string {
  const sdkAttrs = o.writeKey
    ? ` data-write-key="${esc(o.writeKey)}"${o.consentRequired ? ' data-consent="required"' : ''}`
    : '';
  const missingKey = o.writeKey
    ? ''
    : `<p class="warning" id="no-key">No write key: events are not sent. Create one with <code>npx cairn sources add demo-shop</code> and open <code>/demo/shop?writeKey=KEY</code>.</p>`;
  const banner = o.consentRequired
    ? `<div id="consent" class="consent" hidden data-cairn-ignore><p>We use cookies to understand how our shop is used.</p><button type="button" id="consent-accept">Accept</button> <button type="button" id="consent-decline">Decline</button></div>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Shop · Cairn demo</title>
<style>${STYLE}</style>
<script src="/cairn.js"${sdkAttrs} defer></script>
<script src="/demo/shop-app.js" defer></script>
</head>
<body>
<header><a href="/demo/shop" data-link class="logo">Oat &amp; Ember</a>
<nav><a href="/demo/shop" data-link>Shop</a> <a href="/demo/shop/cart" data-link id="cart-link">Cart (<span id="cart-count">0</span>)</a> <button type="button" id="sign-in">Sign in</button></nav></header>
${missingKey}
<main id="app"></main>
${banner}
<footer>A demo shop instrumented with cairn.js: every click here is an event in Cairn.</footer>
</body>
</html>
`;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#2b2620;background:#faf7f2}
header{display:flex;justify-content:space-between;align-items:center;padding:12px 24px;background:#fff;border-bottom:1px solid #e8e1d6;position:sticky;top:0}
header nav a,header nav button{margin-left:16px}a{color:#7a4b22}.logo{font-weight:700;font-size:20px;text-decoration:none}
main{max-width:960px;margin:0 auto;padding:24px;min-height:70vh}footer{padding:24px;text-align:center;color:#8a8176;font-size:14px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:20px}
.card{background:#fff;border:1px solid #e8e1d6;border-radius:10px;padding:16px}.card h3{font-size:16px;margin:8px 0}
.thumb,.hero{display:block;text-align:center;font-size:64px;text-decoration:none;background:#f3ede4;border-radius:8px;padding:24px 0}
.hero{font-size:140px;padding:60px 0}.product{display:grid;grid-template-columns:1fr 1fr;gap:32px}
.price{font-weight:600}button,.button{font:inherit;padding:8px 16px;border-radius:6px;border:1px solid #7a4b22;background:#7a4b22;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.remove,#sign-in,#consent-decline{background:#fff;color:#7a4b22}table.cart{width:100%;border-collapse:collapse}table.cart td,table.cart th{padding:8px;border-bottom:1px solid #e8e1d6;text-align:left}
.coupon{margin:16px 0}.total{font-size:18px}form label{display:block;margin:8px 0}form input{display:block;width:100%;max-width:420px;padding:8px;font:inherit}
fieldset{border:1px solid #e8e1d6;border-radius:8px;margin:12px 0}.warning{background:#fff4d6;padding:12px 24px;margin:0}
.consent{position:fixed;bottom:0;left:0;right:0;background:#2b2620;color:#fff;padding:16px 24px;display:flex;gap:12px;align-items:center}.consent[hidden]{display:none}.consent p{margin:0;flex:1}
.small,.crumbs{color:#8a8176;font-size:14px}`;
