import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { appReady } from './helpers';

// Shared links paint at once: the server sends the catalog, a product page and a gift's
// envelope rendered (from the app's own components), with the API answers embedded; the app
// then draws the same page from them without fetching, without errors and without moving
// anything.

type Watch = { api: string[]; problems: string[] };

async function watch(page: Page): Promise<Watch> {
  const w: Watch = { api: [], problems: [] };
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) w.api.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') w.problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => w.problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    (window as any).__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as any[]) if (!e.hadRecentInput) (window as any).__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  return w;
}

// Holds the app's WebAssembly back until `release()`, so that a test can note the nodes of the
// page the server sent before the app starts.
async function holdApp(page: Page) {
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route(/\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

// Notes every node of the page as the server sent it (elements and texts), but those in
// `except` (what the app is meant to replace, such as a loading note).
async function noteNodes(page: Page, except = '') {
  const noted = await page.evaluate((except) => {
    const nodes: Node[] = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const element = n.nodeType === 1 ? (n as Element) : n.parentElement;
      if (!except || !element?.closest(except)) nodes.push(n);
    }
    (window as any).__noted = nodes;
    return nodes.length;
  }, except);
  expect(noted).toBeGreaterThan(20);
}

// The noted nodes the app did not keep in the page (described), after it started; and the page
// is there once (not the server's and the app's side by side).
const replaced = async (page: Page) => {
  await expect(page.locator('header')).toHaveCount(1);
  await expect(page.locator('main')).toHaveCount(1);
  await expect(page.locator('footer')).toHaveCount(1);
  return page.evaluate(() =>
    ((window as any).__noted as Node[])
      .filter((n) => !n.isConnected)
      .map((n) => (n.nodeType === 3 ? `text "${n.textContent}"` : `<${(n as Element).localName} ${(n as Element).className}>`)),
  );
};

async function appStarted(page: Page) {
  await page.waitForFunction(() => (window as any).wasmBindings !== undefined);
  // Let the app's first effects run and the page settle.
  await page.waitForTimeout(500);
}

const cls = (page: Page) => page.evaluate(() => (window as any).__cls as number);

test('the catalog arrives rendered and the app takes it over without fetching it again', async ({ page, request }) => {
  const html = await (await request.get('/', { headers: { 'accept-language': 'en' } })).text();
  const body = html.slice(html.indexOf('<body>'));
  for (const text of ['Tokyo Banana', '¥1,300', 'href="/p/matcha-kitkat"']) expect(body).toContain(text);

  await page.setViewportSize({ width: 390, height: 844 });
  const w = await watch(page);
  const release = await holdApp(page);
  await page.goto('/');
  await expect(page.getByTestId('product-card').first()).toBeVisible();
  await noteNodes(page);
  release();
  await appStarted(page);
  // The app adopted the page: every node the server sent is still there, none drawn again.
  expect(await replaced(page)).toEqual([]);
  expect(w.api).toEqual([]);
  expect(w.problems).toEqual([]);
  expect(await cls(page)).toBeLessThanOrEqual(0.02);

  // The app works: searching filters through the API.
  await page.getByTestId('search').fill('banana');
  await expect(page.getByTestId('product-card')).toHaveCount(1);
  expect(w.api.some((r) => r.startsWith('GET /api/products'))).toBe(true);
  expect(w.problems).toEqual([]);
});

test('a product page arrives rendered; add to cart works once the app is there', async ({ page, request }) => {
  const html = await (await request.get('/p/tokyo-banana', { headers: { 'accept-language': 'en' } })).text();
  const body = html.slice(html.indexOf('<body>'));
  expect(body).toContain('<h1>Tokyo Banana</h1>');
  expect(body).toContain('¥1,300');

  const w = await watch(page);
  const release = await holdApp(page);
  await page.goto('/p/tokyo-banana');
  await expect(page.getByRole('heading', { name: 'Tokyo Banana' })).toBeVisible();
  await noteNodes(page);
  release();
  await appStarted(page);
  expect(await replaced(page)).toEqual([]);
  expect(w.api).toEqual([]);
  await page.getByTestId('add-to-cart').click();
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  expect(w.problems).toEqual([]);
  expect(await cls(page)).toBeLessThanOrEqual(0.02);

  // Client-side navigation stays in the app: the shop link fetches the catalog.
  await page.getByRole('link', { name: 'Shop', exact: true }).click();
  await expect(page.getByTestId('product-card').first()).toBeVisible();
  expect(w.api).toContain('GET /api/products');
});

// A gift of one `variant` of `product` from Mei, bought through the API: the order's JSON.
async function giftFromMei(request: APIRequestContext, product: string, variant: string, greeting: string) {
  const sent = await request.post('/api/checkout', {
    headers: { 'Idempotency-Key': crypto.randomUUID() },
    data: {
      lines: [{ product_id: product, variant_id: variant, quantity: 1 }],
      contact: { name: 'Mei', email: 'mei@example.jp', phone: '' },
      address: { postal_code: '', prefecture: '', city: '', line1: '', line2: '' },
      payment: { method: 'test_card', card_number: '4242 4242 4242 4242' },
      gift: { sender_name: 'Mei', greeting, allow_variant_choice: false },
    },
  });
  expect(sent.status()).toBe(201);
  return sent.json();
}

test('a gift link shows its envelope at once, never its contents before the recipient opens it', async ({ page, request }) => {
  const order = await giftFromMei(request, 'shiroi-koibito', 'shiroi-koibito-12', 'Happy new year!');
  const link = `/g/${order.gift.claim_token}`;

  // A crawler (no script) gets the envelope: sender and greeting as text, not the product.
  const html = await (await request.get(link, { headers: { 'accept-language': 'en' } })).text();
  expect(html).toContain('Happy new year!');
  expect(html).toContain('>Mei</span>');
  expect(html).not.toContain('Shiroi Koibito');
  const before = await (await request.get(`/api/orders/${order.token}`)).json();
  expect(before.gift.opened_at ?? null).toBeNull();

  await page.setViewportSize({ width: 390, height: 844 });
  const w = await watch(page);
  const release = await holdApp(page);
  await page.goto(link);
  await expect(page.getByTestId('greeting')).toHaveText('Happy new year!');
  // The wrapped gift and its *Open* button give way to the gift once it is opened.
  await noteNodes(page, '.wrapped-gift');
  release();
  await appReady(page);
  // Nothing is fetched, nothing marked, until the recipient taps *Open*.
  await page.waitForTimeout(300);
  expect(w.api).toEqual([]);
  await page.getByTestId('open-gift').click();
  // The app opens it: the product and the claim form appear below the envelope.
  await expect(page.getByTestId('claim-form')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Shiroi Koibito' })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`${link}\\?opened$`));
  // The envelope the server sent is the one on screen: the app added the gift below it.
  expect(await replaced(page)).toEqual([]);
  // Opening it, then the shop's delivery days for the claim form's picker (loaded with it).
  await expect(page.locator('#claim-delivery-date')).toBeVisible();
  expect(w.api).toEqual([`POST /api/gifts/${order.gift.claim_token}/open`, 'GET /api/delivery']);
  expect(w.problems).toEqual([]);
  expect(await cls(page)).toBeLessThanOrEqual(0.02);
  const after = await (await request.get(`/api/orders/${order.token}`)).json();
  expect(after.gift.opened_at).not.toBeNull();
  // A reload keeps it open: the server renders the opened gift, and the app adopts it.
  const again = await watch(page);
  await page.reload();
  await expect(page.getByTestId('claim-form')).toBeVisible();
  await appReady(page);
  await expect(page.locator('#claim-delivery-date')).toBeVisible();
  expect(again.api.filter((a) => a.includes('/gifts/'))).toEqual([]);
});

test('a gift opens before the app has loaded, and without scripts at all', async ({ browser, request }) => {
  const order = await giftFromMei(request, 'tokyo-banana', 'tokyo-banana-8', 'No scripts needed');
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`/g/${order.gift.claim_token}`);
  await expect(page.getByTestId('greeting')).toHaveText('No scripts needed');
  await expect(page.getByRole('heading', { name: 'Tokyo Banana' })).toHaveCount(0);
  await page.getByTestId('open-gift').click();
  await expect(page).toHaveURL(new RegExp(`/g/${order.gift.claim_token}\\?opened$`));
  await expect(page.getByRole('heading', { name: 'Tokyo Banana' })).toBeVisible();
  await expect(page.getByTestId('claim-form')).toBeVisible();
  await expect(page.getByTestId('greeting')).toHaveText('No scripts needed');
  const after = await (await request.get(`/api/orders/${order.token}`)).json();
  expect(after.gift.opened_at).not.toBeNull();
  await context.close();
});

test('what a recipient types into the claim form before the app has started is kept when the app takes the page over', async ({ page, request }) => {
  const order = await giftFromMei(request, 'tokyo-banana', 'tokyo-banana-8', 'Typed early');
  await page.setViewportSize({ width: 390, height: 844 });
  const release = await holdApp(page);
  await page.goto(`/g/${order.gift.claim_token}`);
  // Opened by the server's form, and filled in, while the app is held back.
  await page.getByTestId('open-gift').click();
  await expect(page.getByTestId('claim-form')).toBeVisible();
  await page.getByLabel('Full name').fill('Early Bird');
  await page.getByLabel('Postal code').fill('150-0001');
  await page.getByLabel('Prefecture').selectOption({ label: 'Tokyo' });
  await page.getByLabel('City / ward').fill('Shibuya-ku');
  await page.getByLabel('Street address').fill('1-2-3 Jingumae');
  release();
  await appReady(page);
  // The app took the page over with what was typed, and claims with it.
  await expect(page.getByLabel('Full name')).toHaveValue('Early Bird');
  await expect(page.getByLabel('Prefecture')).toHaveValue('東京都');
  await expect(page.getByLabel('Street address')).toHaveValue('1-2-3 Jingumae');
  await page.getByTestId('claim').click();
  await expect(page.getByTestId('claimed')).toContainText('Early Bird');
  await expect(page.getByTestId('claimed')).toContainText('1-2-3 Jingumae');
});

test('product text that looks like markup or ends a line renders as typed and the app adopts it', async ({ page, playwright, baseURL }) => {
  // Text a merchant may type: a name that would open a comment and a script in HTML, and a
  // description with the line and paragraph separators (U+2028, U+2029) JavaScript once read
  // as line ends. The server embeds both in the page's JSON; neither may break the page.
  const name = '<!--<script>x</script>';
  const description = 'Line one\u2028line two & <b>three</b>\u2029the end';
  const admin = await playwright.request.newContext({ baseURL });
  expect((await admin.post('/api/auth/sign-in', { data: { email: 'admin@demo.omiyage.test', password: 'demo-admin-password' } })).status()).toBe(200);
  const ids: string[] = [];
  for (const product of [
    { name, description: 'A plain description', category: 'sweets', variants: [{ name: '1', sku: '', price: 500, stock: 5 }] },
    { name: 'Separator Sable', description, category: 'sweets', variants: [{ name: '1', sku: '', price: 600, stock: 5 }] },
  ]) {
    const created = await admin.post('/api/admin/products', { data: product });
    expect(created.status()).toBe(201);
    ids.push((await created.json()).id);
  }
  try {
    const w = await watch(page);
    for (const [path, text] of [['/', name], [`/p/${ids[0]}`, name], [`/p/${ids[1]}`, description]]) {
      const html = await (await page.request.get(path)).text();
      expect(html).not.toContain(name);
      await page.goto(path);
      await appStarted(page);
      // The page is all there (the footer comes after the embedded data) and was adopted
      // from the embedded answers, with nothing fetched again.
      await expect(page.locator('footer')).toHaveCount(1);
      const shown = await page.locator('main').evaluate((m) => m.textContent ?? '');
      expect(shown).toContain(text);
      expect(w.api).toEqual([]);
      expect(w.problems).toEqual([]);
    }
    await expect(page.getByRole('heading', { level: 1, name: 'Separator Sable' })).toBeVisible();
  } finally {
    // Other specs count the demo catalog.
    for (const id of ids) expect((await admin.post(`/api/admin/products/${id}/archive`)).status()).toBe(200);
    await admin.dispose();
  }
});

test('on a rendered page the language menu shows the language chosen, page after page', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/p/tokyo-banana');
  await appStarted(page);
  await expect(page.getByLabel('Language')).toHaveValue('en');
  // Each choice reloads the page, which the server renders in that language and the app adopts.
  for (const [lang, shop] of [['zh-Hans', '商店'], ['ja', 'ショップ'], ['en', 'Shop']]) {
    await page.locator('[data-test=language]').selectOption(lang);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expect(page.getByRole('link', { name: shop, exact: true })).toBeVisible();
    await appStarted(page);
    await expect(page.locator('[data-test=language]')).toHaveValue(lang);
  }
  await context.close();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the catalog and a product page show their content and their links work', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('product-card')).not.toHaveCount(0);
    await page.getByRole('link', { name: 'Tea & drinks' }).click();
    await expect(page).toHaveURL(/category=tea/);
    await expect(page.getByRole('heading', { name: 'Uji Sencha' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Tokyo Banana' })).toHaveCount(0);
    await page.getByRole('link', { name: 'Uji Sencha' }).click();
    await expect(page).toHaveURL(/\/p\/uji-sencha/);
    await expect(page.getByRole('heading', { level: 1, name: 'Uji Sencha' })).toBeVisible();
    await expect(page.getByTestId('price').first()).toBeVisible();
  });
});
