import { test, expect, type Browser, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { sendGift, addToCart, signInMember } from './helpers';

// axe-core's WCAG 2 A/AA rules (contrast, labels, roles, names, lang) on every page of both apps
// and every server-rendered page, in each of the three languages the shop speaks. The language
// comes from the browser's preferences, as for a real reader.
const LANGUAGES = [
  { locale: 'ja-JP', tag: 'ja', signIn: /Omiyage へのサインイン/ },
  { locale: 'zh-CN', tag: 'zh-Hans', signIn: /登录 Omiyage/ },
  { locale: 'en-US', tag: 'en', signIn: /Sign in to Omiyage/ },
];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

// Every page also runs under the server's Content-Security-Policy without a single violation.
async function expectNoViolations(page: Page, what: string) {
  const csp = await page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);
  expect(csp, `${what} breaks the Content-Security-Policy`).toEqual([]);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `${what} has accessibility violations`).toEqual([]);
}

async function open(browser: Browser, locale: string, viewport = PHONE) {
  const context = await browser.newContext({ locale, viewport });
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return context.newPage();
}

for (const { locale, tag, signIn } of LANGUAGES) {
  test(`every member page passes axe WCAG 2 AA checks on a phone in ${tag}`, async ({ browser, baseURL }) => {
    // At localhost, where passkeys are offered (browsers refuse them at an IP address).
    const base = baseURL!.replace('127.0.0.1', 'localhost');
    const page = await open(browser, locale);
    await page.goto(`${base}/account`);
    await expect(page.getByTestId('member-passkey-sign-in')).toBeVisible();
    await expectNoViolations(page, `member sign-in form (${tag})`);
    await page.goto(`${base}/privacy`);
    await expect(page.locator('html')).toHaveAttribute('lang', tag);
    await expectNoViolations(page, `privacy page (${tag})`);
    await page.goto(`${base}/news/stop/not-a-token`);
    await expectNoViolations(page, `news stop page (${tag})`);
    await signInMember(page, `axe-${tag.toLowerCase()}-${Date.now()}@example.com`, signIn, base);
    await expect(page.getByTestId('member-add-passkey')).toBeVisible();
    await expect(page.getByTestId('member-preferences')).toBeVisible();
    await page.getByTestId('member-add-address').click();
    await expectNoViolations(page, `My page (${tag})`);
    await page.getByTestId('member-save-address').click();
    await expectNoViolations(page, `My page with a refused address (${tag})`);
    await page.goto(`${base}/account/delete`);
    await expect(page.getByTestId('member-delete-confirm')).toBeVisible();
    await expectNoViolations(page, `delete my account (${tag})`);
    await page.context().close();
  });

  test(`every storefront page passes axe WCAG 2 AA checks on a phone in ${tag}`, async ({ browser }) => {
    const page = await open(browser, locale);
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', tag);
    await expect(page.getByTestId('product-card').first()).toBeVisible();
    await expectNoViolations(page, `catalog (${tag})`);

    await page.goto('/p/matcha-kitkat');
    await expect(page.getByTestId('variant-picker')).toBeVisible();
    await expectNoViolations(page, `product page (${tag})`);
    await addToCart(page);

    await page.goto('/cart');
    await expect(page.getByTestId('cart-line')).toHaveCount(1);
    await expectNoViolations(page, `cart (${tag})`);

    // The server-rendered gift options page, with a のし drawn.
    await page.getByTestId('gift-options').click();
    await page.getByTestId('noshi').check();
    await page.getByTestId('options-preview').click();
    await expect(page.getByTestId('noshi-preview')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', tag);
    await expectNoViolations(page, `gift options page (${tag})`);

    await page.goto('/checkout');
    await page.getByTestId('place-order').click();
    await expect(page.locator('#name')).toHaveAttribute('aria-invalid', 'true');
    await expectNoViolations(page, `checkout with errors (${tag})`);

    await page.locator('#name').fill('Ren Ito');
    await page.locator('#email').fill('ren@example.com');
    await page.locator('#postal-code').fill('150-0001');
    await page.locator('#prefecture').selectOption('東京都');
    await page.locator('#city').fill('Shibuya-ku');
    await page.locator('#line1').fill('1-2-3 Jingumae');
    await page.locator('#card-number').fill('4242 4242 4242 4242');
    await page.getByTestId('place-order').click();
    await expect(page.getByTestId('order-status')).toBeVisible();
    await expectNoViolations(page, `order page (${tag})`);

    await page.getByTestId('receipt-link').click();
    await expect(page.getByTestId('registration-number').or(page.locator('h1'))).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', tag);
    await expectNoViolations(page, `receipt (${tag})`);

    const token = await sendGift(page.request, { product_id: 'furoshiki', variant_id: 'furoshiki-indigo', quantity: 2 },
      { sender_name: 'Hana', greeting: 'For you', allow_variant_choice: true });
    await page.goto(`/g/${token}`);
    await expectNoViolations(page, `gift envelope (${tag})`);
    await page.getByTestId('open-gift').click();
    await expect(page.getByTestId('claim')).toBeVisible();
    await expectNoViolations(page, `gift page (${tag})`);
    await page.getByTestId('claim').click();
    await expect(page.locator('#name')).toHaveAttribute('aria-invalid', 'true');
    await expectNoViolations(page, `gift claim form with errors (${tag})`);

    await page.goto('/claim');
    await expect(page.locator('html')).toHaveAttribute('lang', tag);
    await expectNoViolations(page, `printed-code page (${tag})`);

    await page.goto('/orders');
    await expect(page.locator('html')).toHaveAttribute('lang', tag);
    await expectNoViolations(page, `find-my-orders page (${tag})`);

    await page.goto('/no-such-page');
    await expect(page.locator('h1')).toBeVisible();
    await expectNoViolations(page, `not-found page (${tag})`);
    await page.context().close();
  });

  test(`every console page passes axe WCAG 2 AA checks in ${tag}`, async ({ browser }) => {
    const page = await open(browser, locale, DESKTOP);
    await page.goto('/console/sign-in');
    await expect(page.locator('html')).toHaveAttribute('lang', tag);
    await expect(page.getByTestId('demo-accounts')).toBeVisible();
    await expectNoViolations(page, `sign-in (${tag})`);
    await page.goto('/console/sign-up');
    await expect(page.getByTestId('sign-up-form')).toBeVisible();
    await expectNoViolations(page, `sign-up (${tag})`);

    await page.goto('/console/sign-in');
    await page.locator('#email').fill('admin@demo.omiyage.test');
    await page.locator('#password').fill('demo-admin-password');
    await page.getByTestId('sign-in').click();
    await expect(page.getByTestId('sales-chart')).toBeVisible();
    await expectNoViolations(page, `home (${tag})`);

    const created = await page.request.post('/api/batches', {
      data: { shop_id: 'demo-shop', product_id: 'genmaicha', variant_id: 'genmaicha-200g', count: 1, greeting: '', expires_on: new Date(Date.now() + 10 * 864e5).toISOString().slice(0, 10) },
    });
    expect(created.status(), await created.text()).toBe(201);
    const batch = (await created.json()).id;
    const orders = await (await page.request.get('/api/admin/orders')).json();
    for (const [path, ready, what] of [
      ['/console/products', 'categories', 'products'],
      ['/console/products/tokyo-banana', 'product-form', 'product form'],
      ['/console/products/new', 'product-form', 'new product'],
      ['/console/orders', 'status-filter', 'orders'],
      ['/console/shops', 'accounts', 'shops'],
      ['/console/batches', 'new-batch', 'gift batches'],
      [`/console/batches/${batch}`, 'codes', 'one batch'],
      [`/console/batches/${batch}/print`, 'sheets', 'print view'],
      ['/console/plans', 'new-plan', 'promotion plans'],
      ['/console/coupons', 'coupons', 'coupons'],
      ['/console/payouts', 'payouts-csv', 'payouts'],
      ['/console/messages', 'messages', 'messages'],
      ['/console/webhooks', 'new-webhook', 'webhooks'],
      ['/console/gift-options', 'gift-option-settings', 'gift options'],
      ['/console/delivery', 'delivery-settings', 'delivery'],
      ['/console/packing', 'packing-list', 'packing list'],
      ['/console/gift-rewards', 'reward-form', 'gift rewards'],
      ['/console/after-sales', 'after-sales', 'after-sales'],
      ['/console/points', 'points-rules', 'points and ranks'],
      ['/console/fans', 'fan-form', 'messages to fans'],
      ...(orders.length ? [
        [`/console/orders/${orders[0].token}`, 'admin-order-status', 'one order'],
        [`/console/orders/${orders[0].token}/slips`, 'print', 'packing slips'],
      ] : []),
    ]) {
      await page.goto(path);
      await expect(page.getByTestId(ready).first()).toBeVisible();
      await expectNoViolations(page, `${what} (${tag})`);
    }

    // The promoter's home.
    await page.getByTestId('sign-out').click();
    await page.locator('#email').fill('promoter@demo.omiyage.test');
    await page.locator('#password').fill('demo-promoter-password');
    await page.getByTestId('sign-in').click();
    await expect(page.getByTestId('promoter-home').or(page.getByTestId('plans'))).toBeVisible();
    await expectNoViolations(page, `promoter home (${tag})`);

    // The agency's home.
    await page.getByTestId('sign-out').click();
    await page.locator('#email').fill('agency@demo.omiyage.test');
    await page.locator('#password').fill('demo-agency-password');
    await page.getByTestId('sign-in').click();
    await expect(page.getByTestId('invite-promoter')).toBeVisible();
    await expectNoViolations(page, `agency home (${tag})`);
    await page.context().close();
  });
}

test('the embed card can be framed by another site; the shop and the console cannot', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  // Another site (an origin of its own on this machine, served by the test) frames three pages
  // of the shop.
  const shop = test.info().project.use.baseURL as string;
  const frames = [['embed', '/embed/p/matcha-kitkat'], ['console', '/console/sign-in'], ['shop', '/']]
    .map(([id, path]) => `<iframe id="${id}" title="${id}" src="${shop}${path}"></iframe>`).join('');
  await page.route('http://localhost:9/other-site', (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>Other site</title>${frames}` }));
  await page.goto('http://localhost:9/other-site');
  await expect(page.frameLocator('#embed').locator('body')).toContainText('¥1,200');
  // A framed console or shop is refused by the browser (frame-ancestors 'none',
  // X-Frame-Options: DENY): both frames end on Chromium's error page.
  await expect.poll(() => page.frames().filter((f) => f.url().startsWith('chrome-error://')).length).toBe(2);
  await page.context().close();
});
