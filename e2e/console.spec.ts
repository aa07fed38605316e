import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { fillContactAndAddress, addToCart, link, mail, pngOf } from './helpers';

// The back office at /console/ against the real server started with --demo (demo accounts).
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const shot = (name: string) => `e2e/artifacts/screenshots/${name}.png`;

async function signInAsAdmin(page: Page) {
  await page.goto('/console/');
  await expect(page).toHaveURL(/\/console\/sign-in$/);
  await expect(page.getByTestId('demo-accounts')).toContainText('DEMO');
  await page.getByLabel('Email', { exact: true }).fill('admin@demo.omiyage.test');
  await page.getByLabel('Password').fill('demo-admin-password');
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('who')).toHaveText('Demo Admin · Admin');
}


test('the admin creates a product with two variants and an image, reprices it, and ships an order the shopper then tracks', async ({ page, browser }) => {
  await page.setViewportSize(DESKTOP);
  await signInAsAdmin(page);
  await page.screenshot({ path: shot('console-home-desktop') });

  await page.getByRole('link', { name: 'Products' }).click();
  await page.getByTestId('new-product').click();
  // Japanese is the product's own text; English and Chinese are optional translations.
  await page.getByLabel('Name · 日本語').fill('静岡煎茶');
  await page.getByLabel('Description · 日本語').fill('静岡の一番茶。');
  await page.getByLabel('Name · English', { exact: true }).fill('Shizuoka Green Tea');
  await page.getByLabel('Description · English').fill('First flush sencha from Shizuoka.');
  await page.locator('[id="variants[0].translations.zh-Hans.name"]').fill('100 克');
  await page.getByTestId('category').selectOption({ label: 'Tea & drinks' });
  await page.getByTestId('photo-files').setInputFiles({ name: 'tea.png', mimeType: 'image/png', buffer: await pngOf(browser) });
  await expect(page.getByTestId('photo-crop')).toHaveAttribute('src', /^\/api\/images\/[0-9a-f]{64}-[0-9a-f]{6}\.w720\.webp$/);
  // A new photo is described by the product's name until the merchant writes otherwise.
  await expect(page.locator('[id="photos[0].alt"]')).toHaveValue('静岡煎茶');
  await page.locator('[id="variants[0].name"]').fill('100 g');
  await page.locator('[id="variants[0].sku"]').fill('TEA-100');
  await page.locator('[id="variants[0].price"]').fill('1500');
  await page.locator('[id="variants[0].stock"]').fill('20');
  await page.getByTestId('add-variant').click();
  await page.locator('[id="variants[1].name"]').fill('200 g');
  await page.locator('[id="variants[1].price"]').fill('-5');
  await page.locator('[id="variants[1].stock"]').fill('8');
  // The console applies the server's rules before sending: a negative price is caught here.
  await page.getByTestId('save-product').click();
  await expect(page.locator('[id="variants[1].price-err"]')).toHaveText('Enter a price from ¥0 to ¥10000000.');
  await page.locator('[id="variants[1].price"]').fill('2800');
  await page.getByTestId('save-product').click();
  await expect(page).toHaveURL(/\/console\/products\/shizuoka-green-tea$/);
  await expect(page.getByTestId('stock-row')).toHaveCount(2);
  await page.screenshot({ path: shot('console-product-desktop'), fullPage: true });

  // Categories are renamed per language on the products page; the shop reads them at once.
  await page.getByRole('link', { name: 'Products' }).click();
  const sweets = page.getByTestId('category-row').first();
  await expect(sweets.getByLabel('Name · English', { exact: true })).toHaveValue('Sweets');
  await sweets.getByLabel('Name · English', { exact: true }).fill('Sweets & snacks');
  await sweets.getByRole('button', { name: 'Save' }).click();
  await expect(sweets.getByTestId('saved')).toBeVisible();
  await page.screenshot({ path: shot('console-products-desktop'), fullPage: true });
  const catalog = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  await catalog.goto('/');
  await expect(catalog.getByRole('link', { name: 'Sweets & snacks' })).toBeVisible();
  await sweets.getByLabel('Name · English', { exact: true }).fill('Sweets');
  // The shop is read once the save is answered (not while it is still on its way).
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/admin/categories/') && r.request().method() === 'PUT'),
    sweets.getByRole('button', { name: 'Save' }).click(),
  ]);
  await catalog.reload();
  await expect(catalog.getByRole('link', { name: 'Sweets', exact: true })).toBeVisible();
  await catalog.context().close();
  await page.goBack();

  // A shopper in a fresh browser sees it, with the uploaded image.
  const shopper = await browser.newContext({ viewport: PHONE });
  const shop = await shopper.newPage();
  await shop.goto('/p/shizuoka-green-tea');
  await expect(shop.getByRole('heading', { name: 'Shizuoka Green Tea' })).toBeVisible();
  // A reader of Chinese gets the Japanese name (no Chinese one was given) and the Chinese variant name.
  const zhShop = await (await browser.newContext({ locale: 'zh-CN', viewport: PHONE })).newPage();
  await zhShop.goto('/p/shizuoka-green-tea');
  await expect(zhShop.getByRole('heading', { name: '静岡煎茶' })).toBeVisible();
  await expect(zhShop.locator('body')).toContainText('100 克');
  await zhShop.context().close();
  await expect(shop.locator('.product-page img').first()).toHaveAttribute('src', /\/api\/images\//);
  // A phone gets a rendition, not the main photo, and the photo's colour while it loads.
  // Cut to the 4:3 the page shows, around the photo's focus (the centre here).
  await expect(shop.locator('.product-page img').first()).toHaveAttribute('srcset', /\.c50-50\.w360\.webp 360w, .*\.c50-50\.w1280\.webp 1280w$/);
  await expect(shop.locator('.product-page img').first()).toHaveAttribute('style', /^background-color:#[0-9a-f]{6};object-position:50% 50%$/);
  await expect(shop.getByTestId('price').first()).toHaveText('¥1,500');

  // The admin changes the price; the shopper's next load shows it.
  await page.locator('[id="variants[0].price"]').fill('1650');
  await page.getByTestId('save-product').click();
  await expect(page.getByTestId('saved')).toBeVisible();
  await shop.reload();
  await expect(shop.getByTestId('price').first()).toHaveText('¥1,650');

  // The shopper buys it; the admin ships it; the shopper's order link shows the tracking number.
  await addToCart(shop);
  await shop.goto('/checkout');
  await fillContactAndAddress(shop, 'Mio Kato', 'mio@example.com');
  await shop.getByLabel('Card number').fill('4242 4242 4242 4242');
  await shop.getByTestId('place-order').click();
  await expect(shop.getByTestId('order-status')).toHaveText('Paid — being prepared');
  const reference = await shop.getByTestId('order-reference').innerText();

  // Orders filter by day in the shop's time zone (Japan).
  const jstDay = (offsetDays: number) => new Date(Date.now() + 9 * 3600e3 + offsetDays * 86400e3).toISOString().slice(0, 10);
  await page.getByRole('link', { name: 'Orders' }).click();
  await page.getByTestId('to-filter').fill(jstDay(-1));
  await expect(page.getByText('No orders match.')).toBeVisible();
  await page.getByTestId('to-filter').fill(jstDay(0));
  await page.getByTestId('from-filter').fill(jstDay(0));
  await expect(page.getByRole('link', { name: reference })).toBeVisible();
  await page.getByRole('link', { name: reference }).click();
  await expect(page.getByTestId('ship-to')).toContainText('Mio Kato');
  await page.getByLabel('Tracking number').fill('YAMATO-1234-5678');
  await page.getByTestId('ship').click();
  await expect(page.getByTestId('admin-order-status')).toHaveText('Shipped');
  await expect(page.getByTestId('tracking')).toContainText('YAMATO-1234-5678');
  await page.screenshot({ path: shot('console-order-desktop'), fullPage: true });

  await shop.reload();
  await expect(shop.getByTestId('order-status')).toHaveText('Shipped');
  await expect(shop.getByTestId('tracking')).toHaveText('Tracking number: YAMATO-1234-5678');
  await shop.screenshot({ path: shot('order-shipped-phone'), fullPage: true });
  await shopper.close();

  // The same console on a phone.
  await page.setViewportSize(PHONE);
  await page.goto('/console/products');
  await expect(page.getByTestId('product-row').first()).toBeVisible();
  await page.screenshot({ path: shot('console-products-phone'), fullPage: true });

  // Archived, it leaves the shop (and the catalog is the demo's 14 products again).
  await page.goto('/console/products/shizuoka-green-tea');
  await page.getByTestId('archive').click();
  await expect(page.getByTestId('archive')).toHaveText('Put back in the shop');
  const gone = await page.request.get('/api/products/shizuoka-green-tea');
  expect(gone.status()).toBe(404);
});

test('shop staff see their shop but not the admin pages, and a signed-out visitor sees the sign-in page', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto('/console/sign-in');
  await page.getByRole('button', { name: /Shop staff:/ }).click();
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('shop-name')).toHaveText('Demo Shop Asakusa');
  await expect(page.getByRole('link', { name: 'Products' })).toHaveCount(0);
  await page.goto('/console/products');
  await expect(page.getByTestId('error')).toContainText('may not do that');
  await page.screenshot({ path: shot('console-staff-phone'), fullPage: true });
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/console\/sign-in$/);
  await page.goto('/console/orders');
  await expect(page).toHaveURL(/\/console\/sign-in\?next=%2Fconsole%2Forders$/);
  // Signing in goes back to the page that asked for it.
  await page.getByRole('button', { name: /Admin:/ }).click();
  await page.getByTestId('sign-in').click();
  await expect(page).toHaveURL(/\/console\/orders$/);
});

test("the admin edits a shop's claim window and its staff's next batch expires by default after it", async ({ page, browser }) => {
  await page.setViewportSize(DESKTOP);
  await signInAsAdmin(page);
  await page.getByRole('link', { name: 'Shops & staff' }).click();
  await page.getByRole('button', { name: 'Edit' }).first().click();
  await expect(page.getByLabel('Gift claim window (days)')).toHaveValue('3');
  await page.getByLabel('Gift claim window (days)').fill('10');
  await page.getByTestId('shop-form').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('shops')).toContainText('gifts claimable for 10 days');

  const staff = await (await browser.newContext({ viewport: PHONE })).newPage();
  await staff.goto('/console/sign-in');
  await staff.getByRole('button', { name: /Shop staff:/ }).click();
  await staff.getByTestId('sign-in').click();
  await staff.getByRole('link', { name: 'Gift batches' }).click();
  const day = new Date(Date.now() + 9 * 3600e3 + 10 * 86400e3).toISOString().slice(0, 10);
  await expect(staff.getByLabel('Last day to claim')).toHaveValue(day);
  await staff.screenshot({ path: shot('console-batches-phone'), fullPage: true });

  // Back to 3 days for the other tests.
  await page.getByRole('button', { name: 'Edit' }).first().click();
  await page.getByLabel('Gift claim window (days)').fill('3');
  await page.getByTestId('shop-form').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('shops')).toContainText('gifts claimable for 3 days');
});

test('a counter order shows until when it is held; the admin sets the hold and cancels it unpaid, and the shopper sees it cancelled', async ({ page, browser }) => {
  await page.setViewportSize(DESKTOP);
  await signInAsAdmin(page);
  await page.getByRole('link', { name: 'Shops & staff' }).click();
  await expect(page.getByLabel('Hold (hours)')).toHaveValue('48');
  await page.getByLabel('Hold (hours)').fill('0');
  await page.getByTestId('hold-form').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('hold-form')).toContainText('Between 1 and 720 hours');
  await page.getByLabel('Hold (hours)').fill('24');
  await page.getByTestId('hold-form').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('hold-saved')).toBeVisible();

  const shopper = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
  const shop = await shopper.newPage();
  await shop.goto('/p/daruma');
  await addToCart(shop);
  await shop.goto('/checkout');
  await fillContactAndAddress(shop, 'Ren Ito', 'ren@example.com');
  await shop.getByTestId('pay-shop').check();
  await shop.getByTestId('place-order').click();
  await expect(shop.getByTestId('order-status')).toContainText('Awaiting payment');
  await expect(shop.getByTestId('order-pay-by')).toContainText('Please pay at the counter by');
  await shop.screenshot({ path: shot('order-held-phone'), fullPage: true });
  const token = new URL(shop.url()).pathname.split('/').pop();

  await page.goto(`/console/orders/${token}`);
  await expect(page.getByTestId('held-until')).toBeVisible();
  await page.screenshot({ path: shot('console-order-unpaid-desktop'), fullPage: true });
  await page.getByTestId('cancel-unpaid').click();
  await expect(page.getByTestId('unpaid-cancelled')).toBeVisible();
  await expect(page.getByTestId('admin-order-status')).toHaveText('Cancelled');
  await expect(page.getByTestId('cancel-unpaid')).toHaveCount(0);

  await shop.reload();
  await expect(shop.getByTestId('order-status')).toHaveText('Cancelled');
  await expect(shop.getByTestId('order-pay-by')).toHaveCount(0);
  await shopper.close();

  // Back to 48 hours for the other tests.
  await page.goto('/console/shops');
  await page.getByLabel('Hold (hours)').fill('48');
  await page.getByTestId('hold-form').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('hold-saved')).toBeVisible();
});

test('a promoter signs up from the sign-in page and lands on their home', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto('/console/sign-in');
  await page.getByTestId('sign-up-link').click();
  await page.getByLabel('Name').fill('Yui Mori');
  await page.getByLabel('Email', { exact: true }).fill('yui@example.com');
  await page.getByLabel('Password').fill('short');
  await page.getByTestId('sign-up').click();
  await expect(page.locator('#password-err')).toHaveText('Use a password of 10 to 128 characters.');
  await page.getByLabel('Password').fill('a long enough passphrase');
  await page.getByTestId('sign-up').click();
  // Nobody is signed in yet: the link to finish is emailed (the same answer for an email that
  // has an account, whose owner gets a note instead).
  await expect(page.getByTestId('sign-up-sent')).toContainText('yui@example.com');
  await page.screenshot({ path: shot('console-sign-up-sent-phone'), fullPage: true });
  const sent = await mail('yui@example.com', /Finish signing up/);
  const welcome = link(sent, /\/console\/welcome\?token=[0-9a-f]+/);
  await page.goto(welcome);
  await expect(page.getByTestId('who')).toHaveText('Yui Mori · Promoter');
  await expect(page.getByTestId('promoter-home')).toBeVisible();
  // The link works once.
  await page.getByTestId('sign-out').click();
  await page.goto(welcome);
  await expect(page.getByTestId('sign-up-again')).toBeVisible();
  // An email with an account gets the same answer, and a note instead of a link.
  await page.goto('/console/sign-up');
  await page.getByLabel('Name').fill('Someone');
  await page.getByLabel('Email', { exact: true }).fill('yui@example.com');
  await page.getByLabel('Password').fill('another long passphrase');
  await page.getByTestId('sign-up').click();
  await expect(page.getByTestId('sign-up-sent')).toContainText('yui@example.com');
  const note = await mail('yui@example.com', /About your promoter sign-up/);
  expect(note.text).not.toContain('token=');
  await page.screenshot({ path: shot('console-promoter-phone'), fullPage: true });
});

test('packing slips: a plain order\'s shows its prices, a gift\'s parcel none and carries the message card', async ({ page, request }) => {
  const address = { postal_code: '150-0001', prefecture: '東京都', city: '渋谷区', line1: '神宮前1-2-3', line2: '' };
  const place = async (gift: object | undefined) => {
    const placed = await request.post('/api/checkout', {
      headers: { 'Idempotency-Key': crypto.randomUUID() },
      data: {
        lines: [{ product_id: 'furoshiki', variant_id: 'furoshiki-indigo', quantity: 1 }],
        contact: { name: '佐藤 花子', email: 'hanako@example.jp', phone: '' },
        address,
        payment: { method: 'test_card', card_number: '4242 4242 4242 4242' },
        ...(gift ? { gift } : {}),
      },
    });
    expect(placed.status()).toBe(201);
    return placed.json();
  };
  const plain = await place(undefined);
  const gift = await place({ sender_name: '花子', greeting: 'いつもありがとう', allow_variant_choice: false });
  const claimed = await request.post(`/api/gifts/${gift.gift.claim_token}/claim`, {
    headers: { 'Idempotency-Key': crypto.randomUUID() },
    data: { name: '鈴木 一郎', phone: '', address: { ...address, city: '大阪市北区', line1: '梅田1-1' } },
  });
  expect(claimed.status()).toBe(200);

  await page.setViewportSize(DESKTOP);
  await signInAsAdmin(page);
  const slipText = async (token: string, name: string) => {
    await page.goto(`/console/orders/${token}`);
    await page.getByTestId('slips-link').click();
    await expect(page.getByTestId('slip')).toHaveCount(1);
    await page.screenshot({ path: shot(`slip-${name}`), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    const pdf = `e2e/artifacts/slip-${name}.pdf`;
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    expect(execFileSync('pdfinfo', [pdf]).toString()).toMatch(/Pages:\s+1\b[\s\S]*\(A5\)/);
    return execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  };
  const plainSlip = await slipText(plain.token, 'plain');
  for (const expected of ['Packing slip', '佐藤 花子', '〒150-0001 東京都 渋谷区 神宮前1-2-3', '風呂敷', '¥2,400', 'Shipping', '¥600', '¥3,000']) {
    expect(plainSlip).toContain(expected);
  }
  const giftSlip = await slipText(gift.token, 'gift');
  for (const expected of ['鈴木 一郎', '〒150-0001 東京都 大阪市北区 梅田1-1', '風呂敷', 'いつもありがとう', '花子']) {
    expect(giftSlip).toContain(expected);
  }
  // Nothing on a gift's slip says what it cost.
  expect(giftSlip).not.toMatch(/¥|円/);
  expect(giftSlip).not.toContain('佐藤');

  // The packing list: both parcels among those to pack, their slips after it.
  await page.getByRole('link', { name: 'Packing' }).click();
  const list = page.getByTestId('packing-list');
  await expect(list.locator(`[data-reference="${plain.reference}"]`)).toContainText('佐藤 花子 · 東京都');
  await expect(list.locator(`[data-reference="${gift.reference}"]`)).toContainText('鈴木 一郎');
  await expect(list.locator(`[data-reference="${gift.reference}"]`)).toContainText('Gift');
  expect(await page.getByTestId('slip').count()).toBe(await list.getByTestId('parcel').count());
  await page.screenshot({ path: shot('console-packing-desktop'), fullPage: true });
});
